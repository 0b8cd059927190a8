package examplestest

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// fatalRecorder is a testing.TB that records a Fatalf and ends its goroutine, as a test
// would end.
type fatalRecorder struct {
	testing.TB
	fatal string
}

func (f *fatalRecorder) Helper() {}

func (f *fatalRecorder) Fatalf(format string, args ...any) {
	f.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestStateOf_missingAccountFailsTheTest(t *testing.T) {
	t.Parallel()
	states := []mockapi.AccountState{{AccountID: "krn:partner:global:account:test:AAAAAAAA"}}
	for _, tc := range []struct {
		name, id  string
		wantFatal bool
	}{
		{"held", "krn:partner:global:account:test:AAAAAAAA", false},
		{"missing", "krn:partner:global:account:test:BBBBBBBB", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := &fatalRecorder{}
			var got mockapi.AccountState
			done := make(chan struct{})
			go func() {
				defer close(done)
				got = stateOf(rec, states, tc.id)
			}()
			<-done
			switch {
			case tc.wantFatal && rec.fatal == "":
				t.Fatalf("stateOf(%s) returned %+v for an account the mock does not hold", tc.id, got)
			case !tc.wantFatal && (rec.fatal != "" || got.AccountID != tc.id):
				t.Fatalf("stateOf(%s) = %+v, fatal %q", tc.id, got, rec.fatal)
			}
		})
	}
}
