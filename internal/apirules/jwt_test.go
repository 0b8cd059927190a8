package apirules

import (
	"strings"
	"testing"
)

func TestCheckJTI_uuidOnly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		jti string
		ok  bool
	}{
		{"3f2b1c9e-8d4a-4f6b-9c1d-2e7a5b8c0d13", true},
		{"3F2B1C9E-8D4A-4F6B-9C1D-2E7A5B8C0D13", true},
		{"", false},
		{"token-1", false},
		{"3f2b1c9e8d4a4f6b9c1d2e7a5b8c0d13", false},
		{"{3f2b1c9e-8d4a-4f6b-9c1d-2e7a5b8c0d13}", false},
		{"urn:uuid:3f2b1c9e-8d4a-4f6b-9c1d-2e7a5b8c0d13", false},
		{"3f2b1c9e-8d4a-4f6b-9c1d-2e7a5b8c0d13\n", false},
		{"g f2b1c9e-8d4a-4f6b-9c1d-2e7a5b8c0d1", false},
		{"3f2b1c9e-8d4a-4f6b-9c1d-2e7a5b8c0d1", false},
	}
	for _, tc := range tests {
		t.Run(tc.jti, func(t *testing.T) {
			t.Parallel()
			err := CheckJTI(tc.jti)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckJTI(%q) = %v, want ok=%v", tc.jti, err, tc.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "is not a UUID") {
				t.Errorf("error %q does not say what is expected", err)
			}
		})
	}
}

func TestKnownAMR_rfc8176(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"face", "fpt", "geo", "hwk", "iris", "kba", "mca", "mfa", "otp", "pin", "pwd", "rba", "retina", "sc", "sms", "swk", "tel", "user", "vbm", "wia"} {
		if !KnownAMR(v) {
			t.Errorf("KnownAMR(%q) = false", v)
		}
	}
	for _, v := range []string{"", "PWD", "password", "pwd ", "totp", "webauthn"} {
		if KnownAMR(v) {
			t.Errorf("KnownAMR(%q) = true", v)
		}
	}
	if len(AMRValues) != 20 {
		t.Errorf("%d AMR values, want the 20 of RFC 8176", len(AMRValues))
	}
}
