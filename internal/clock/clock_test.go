package clock_test

import (
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/clock"
)

// fixed is a local clock stopped at one time.
type fixed time.Time

func (f fixed) Now() time.Time { return time.Time(f) }

func TestRemote_offset(t *testing.T) {
	t.Parallel()
	local := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name         string
		observations [][2]time.Time // remote, local
		want         time.Time
	}{
		{"none: the local clock", nil, local},
		{"remote 2 hours ahead", [][2]time.Time{{local.Add(2 * time.Hour), local}}, local.Add(2 * time.Hour)},
		{"remote 2 hours behind", [][2]time.Time{{local.Add(-2 * time.Hour), local}}, local.Add(-2 * time.Hour)},
		{"observed earlier, applied now", [][2]time.Time{{local.Add(2*time.Hour - time.Minute), local.Add(-time.Minute)}}, local.Add(2 * time.Hour)},
		{"the latest observation wins", [][2]time.Time{{local.Add(2 * time.Hour), local}, {local.Add(-time.Hour), local}}, local.Add(-time.Hour)},
		{"remote moved 3 years forward", [][2]time.Time{{local, local}, {local.AddDate(3, 0, 0), local}}, local.AddDate(3, 0, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := clock.NewRemote(fixed(local))
			for _, o := range tc.observations {
				r.Observe(o[0], o[1])
			}
			if got := r.Now(); !got.Equal(tc.want) || got.Location() != time.UTC {
				t.Fatalf("Now %s, want %s in UTC", got, tc.want)
			}
			if r.Observed() != (len(tc.observations) > 0) {
				t.Fatalf("Observed %v after %d observations", r.Observed(), len(tc.observations))
			}
		})
	}
}
