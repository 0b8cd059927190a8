package klarna

import (
	"net/http"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/clock"
)

// Now is the API server's current time, as far as the client knows it: its own clock plus
// the offset shown by the Date header of the latest response that carried a valid one. Before
// any such response it is the client's own clock. Now never runs ahead of the server, so a
// JWT issued at Now is never issued in the server's future.
func (c *Client) Now() time.Time { return c.serverTime.Now() }

// ServerTimeKnown reports whether a response has told the client the server's time yet.
func (c *Client) ServerTimeKnown() bool { return c.serverTime.Observed() }

// observeDate takes the server's time from a response's Date header; a missing or unreadable
// header leaves what the client knows as it was. The header has whole seconds and was
// written before the response arrived, so when it arrives the server's clock reads at least
// the header's time: that lower bound is what is recorded.
func (c *Client) observeDate(h http.Header) {
	received := c.serverTime.Local().Now()
	date, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return
	}
	c.serverTime.Observe(date, received)
}

// ownClock is the clock a Config names, or the wall clock.
func ownClock(c clock.Clock) clock.Clock {
	if c == nil {
		return clock.Real{}
	}
	return c
}
