package apirules

import (
	"strings"
	"testing"
)

func TestCheckCommonName_byUsage(t *testing.T) {
	t.Parallel()
	long64 := strings.Repeat("a", 64)
	tests := []struct {
		name, usage, cn string
		want            string // substring of the error; "" means allowed
	}{
		{"api segment", UsageAPI, "LYABCDEI", ""},
		{"api segment with a suffix", UsageAPI, "LYABCDEI-mtls-1", ""},
		{"api every allowed character", UsageAPI, "AZaz09-_.", ""},
		{"api 64 characters", UsageAPI, long64, ""},
		{"api 65 characters", UsageAPI, long64 + "a", "CN has 65 characters; expected 1 to 64"},
		{"api empty", UsageAPI, "", `CN "" is not allowed`},
		{"api space", UsageAPI, "a b", "is not allowed; expected 1 to 64 characters from A-Z a-z 0-9 - _ ."},
		{"api plus", UsageAPI, "a+b", "is not allowed"},
		{"api newline", UsageAPI, "ab\n", "is not allowed"},
		{"api non-ASCII letter", UsageAPI, "Å", "is not allowed"},
		{"jwt segment", UsageJWTSigning, "LYABCDEI", ""},
		{"jwt segment with a suffix", UsageJWTSigning, "LYABCDEI-1", `CN "LYABCDEI-1" must be "LYABCDEI" for usage JWT_SIGNING`},
		{"jwt lower case", UsageJWTSigning, "lyabcdei", "must be"},
		{"unknown usage", "TLS", "LYABCDEI", `usage "TLS" is not one of API, JWT_SIGNING`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckCommonName(tc.usage, tc.cn, "LYABCDEI")
			if tc.want == "" {
				if err != nil {
					t.Fatalf("CheckCommonName(%s, %q): %v", tc.usage, tc.cn, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("CheckCommonName(%s, %q): %v, want an error containing %q", tc.usage, tc.cn, err, tc.want)
			}
		})
	}
}
