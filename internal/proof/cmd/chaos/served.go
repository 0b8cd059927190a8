package main

import (
	"bufio"
	"io"
	"net/url"
	"regexp"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// The standalone mock logs one line per request it answers ("METHOD PATH STATUS DURATION")
// and one per request it aborts ("METHOD PATH: fault KIND..."), each stamped to the
// microsecond. The control plane has no count of consumed faults, so the campaign reads
// the faults the mock served from these lines.
var (
	logAnswered = regexp.MustCompile(`^mockapi: (\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{6}) ([A-Z]+) (\S+) (\d{3}) \S+$`)
	logAborted  = regexp.MustCompile(`^mockapi: (\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{6}) ([A-Z]+) (\S+): fault ([a-z_]+)`)
)

const logTimeLayout = "2006/01/02 15:04:05.000000"

// faultKindOfStatus is the fault kind behind a status the mock only sends when told to:
// without -rate-limit it never limits, and a 500 of its own would be a contract violation.
var faultKindOfStatus = map[string]string{
	"429": mockapi.FaultRateLimited,
	"500": mockapi.FaultTimeout,
	"503": mockapi.FaultUnavailable,
}

// servedTally is what the mock's log says about the faults it served.
type servedTally struct {
	lines        int // faulty responses in the log
	unattributed int // faulty responses no scheduled fault explains
	mismatched   int // faulty responses of another kind than the fault scheduled
}

// attributeServed reads the mock's log and credits each faulty response to the episode it
// consumed: the earliest one on its route that was scheduled before it, not yet cleared
// and not yet used up, as the mock takes the first matching fault.
func attributeServed(log io.Reader, routes []faultRoute, episodes []*episode) (servedTally, error) {
	var tally servedTally
	for _, e := range episodes {
		e.served = 0
	}
	sc := bufio.NewScanner(log)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		var stamp, method, rawPath, kind string
		if m := logAborted.FindStringSubmatch(line); m != nil {
			stamp, method, rawPath, kind = m[1], m[2], m[3], m[4]
		} else if m := logAnswered.FindStringSubmatch(line); m != nil {
			k, ok := faultKindOfStatus[m[4]]
			if !ok {
				continue
			}
			stamp, method, rawPath, kind = m[1], m[2], m[3], k
		} else {
			continue
		}
		tally.lines++
		at, err := time.ParseInLocation(logTimeLayout, stamp, time.Local)
		if err != nil {
			tally.unattributed++
			continue
		}
		path, err := url.PathUnescape(rawPath)
		if err != nil {
			path = rawPath
		}
		e := consumedEpisode(routes, episodes, method, path, at)
		switch {
		case e == nil:
			tally.unattributed++
		case variants[e.variant].kind != kind:
			tally.mismatched++
		default:
			e.served++
		}
	}
	return tally, sc.Err()
}

func consumedEpisode(routes []faultRoute, episodes []*episode, method, path string, at time.Time) *episode {
	for _, e := range episodes {
		if !routes[e.route].matches(method, path) || e.served >= e.count || at.Before(e.armedAt) {
			continue
		}
		if !e.clearedAt.IsZero() && at.After(e.clearedAt) {
			continue
		}
		return e
	}
	return nil
}

// served sums the faults credited to the episodes of a phase (0 for all), by variant.
func served(episodes []*episode, phase int) []int {
	out := make([]int, len(variants))
	for _, e := range episodes {
		if phase == 0 || e.phase == phase {
			out[e.variant] += e.served
		}
	}
	return out
}
