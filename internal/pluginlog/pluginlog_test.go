package pluginlog

import (
	"os"
	"testing"
)

func TestSilenceUnread(t *testing.T) {
	for _, tc := range []struct {
		name   string
		env    map[string]string
		silent bool
	}{
		{"no log settings", nil, true},
		{"TF_LOG", map[string]string{"TF_LOG": "DEBUG"}, false},
		{"TF_LOG_PATH", map[string]string{"TF_LOG_PATH": "/tmp/tf.log"}, false},
		{"the provider's own subsystem", map[string]string{"TF_LOG_PROVIDER_KLARNA_KLARNA_HTTP": "TRACE"}, false},
		{"another provider's subsystem", map[string]string{"TF_LOG_PROVIDER_OTHER": "TRACE"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, v := range append(append([]string{}, requests...), "TF_LOG_PROVIDER_KLARNA_KLARNA_HTTP", "TF_LOG_PROVIDER_OTHER") {
				t.Setenv(v, "")
				if err := os.Unsetenv(v); err != nil {
					t.Fatal(err)
				}
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			if got := SilenceUnread("TF_LOG_PROVIDER_KLARNA"); got != tc.silent {
				t.Fatalf("SilenceUnread = %v, want %v", got, tc.silent)
			}
			for _, v := range levels {
				if set := os.Getenv(v) == "OFF"; set != tc.silent {
					t.Errorf("%s = %q after SilenceUnread, silent %v", v, os.Getenv(v), tc.silent)
				}
			}
		})
	}
}
