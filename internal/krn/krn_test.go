package krn

import (
	"strings"
	"testing"
)

func TestParse_valid(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		env, id string
	}{
		{"krn:partner:global:account:live:LYABCDEI", "live", "LYABCDEI"},
		{"krn:partner:global:account:test:AB12CD34", "test", "AB12CD34"},
		{"krn:partner:global:account:test:X", "test", "X"},
	} {
		got, err := Parse(tc.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		if got.Environment != tc.env || got.ID != tc.id || got.CommonName() != tc.id {
			t.Errorf("Parse(%q) = %+v, want env %s id %s", tc.in, got, tc.env, tc.id)
		}
		if got.String() != tc.in {
			t.Errorf("String() = %q, want %q", got.String(), tc.in)
		}
	}
}

func TestParse_invalid(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"", "empty"},
		{"LYABCDEI", "does not start with"},
		{"krn:partner:global:account:", "no environment segment"},
		{"krn:partner:global:account:prod:LYABCDEI", `environment "prod"`},
		{"krn:partner:global:account:live:", "empty last segment"},
		{"krn:partner:global:account:live:lyabcdei", "upper-case letters and digits"},
		{"krn:partner:global:account:live:LY-ABC", "upper-case letters and digits"},
		{"krn:partner:global:account:live:LY:ABC", "upper-case letters and digits"},
		{"krn:partner:global:account:live:" + strings.Repeat("A", 65), "at most 64"},
		{" krn:partner:global:account:live:LYABCDEI", "does not start with"},
	} {
		_, err := Parse(tc.in)
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want an error containing %q", tc.in, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) error %q does not contain %q", tc.in, err, tc.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"krn:partner:global:account:live:LYABCDEI", "", "krn:partner:global:account:test:", "krn:partner:global:account:x:Y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			return
		}
		if a.String() != s {
			t.Fatalf("round trip: Parse(%q).String() = %q", s, a.String())
		}
		if _, err := Parse(a.String()); err != nil {
			t.Fatalf("re-parse of %q failed: %v", a.String(), err)
		}
	})
}
