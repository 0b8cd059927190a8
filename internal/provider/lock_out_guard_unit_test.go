package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

const lockOutAccount = "krn:partner:global:account:test:AB12CD34"

// lockOutWant is the one diagnostic a lock-out guard should give, or none (severity 0).
type lockOutWant struct {
	severity diag.Severity
	summary  string
	attr     string
	detail   []string
}

// checkLockOut requires diags to be exactly want.
func checkLockOut(t *testing.T, call string, diags diag.Diagnostics, want lockOutWant) {
	t.Helper()
	if want.severity == 0 {
		if len(diags) != 0 {
			t.Fatalf("%s = %v, want no diagnostic", call, diags)
		}
		return
	}
	if len(diags) != 1 {
		t.Fatalf("%s = %v, want one diagnostic", call, diags)
	}
	d := diags[0]
	if d.Severity() != want.severity || d.Summary() != want.summary {
		t.Fatalf("%s = %s %q, want %s %q", call, d.Severity(), d.Summary(), want.severity, want.summary)
	}
	withPath, ok := d.(diag.DiagnosticWithPath)
	if !ok || !withPath.Path().Equal(path.Root(want.attr)) {
		t.Errorf("%s: diagnostic not on attribute %s", call, want.attr)
	}
	for _, part := range want.detail {
		if !strings.Contains(d.Detail(), part) {
			t.Errorf("%s: detail %q does not say %q", call, d.Detail(), part)
		}
	}
}

func TestIPLockOutDiagnostics_cases(t *testing.T) {
	t.Parallel()
	refused := lockOutWant{diag.SeverityError, "Unable to enforce the IP allow-list: it does not allow the provider", "cidr_blocks",
		[]string{lockOutAccount, "Klarna-Ip-Validation-Status DENIED", "require_verified_connection = false"}}
	warned := lockOutWant{diag.SeverityWarning, "The IP allow-list will refuse the provider's own requests", "cidr_blocks",
		[]string{lockOutAccount, "Klarna-Ip-Validation-Status DENIED", "require_verified_connection = false", "403 IP_NOT_ALLOWED"}}
	tests := []struct {
		status  string
		require bool
		mode    string
		want    lockOutWant
	}{
		{"ALLOWED", true, "ENFORCED", lockOutWant{}},
		{"ALLOWED", false, "ENFORCED", lockOutWant{}},
		{"DENIED", true, "ENFORCED", refused},
		{"DENIED", false, "ENFORCED", warned},
		{"INVALID", false, "ENFORCED", lockOutWant{diag.SeverityWarning, warned.summary, "cidr_blocks", []string{"Klarna-Ip-Validation-Status INVALID"}}},
		{"", true, "ENFORCED", lockOutWant{diag.SeverityError, refused.summary, "cidr_blocks", []string{"Klarna-Ip-Validation-Status absent"}}},
		{"", false, "ENFORCED", lockOutWant{diag.SeverityWarning, warned.summary, "cidr_blocks", []string{"Klarna-Ip-Validation-Status absent"}}},
		{"DENIED", true, "REPORTING", lockOutWant{}},
		{"DENIED", false, "REPORTING", lockOutWant{}},
	}
	for _, tt := range tests {
		call := fmt.Sprintf("ipLockOutDiagnostics(%q, %t, %q)", tt.status, tt.require, tt.mode)
		t.Run(call, func(t *testing.T) {
			t.Parallel()
			checkLockOut(t, call, ipLockOutDiagnostics(lockOutAccount, tt.status, tt.require, tt.mode), tt.want)
		})
	}
}

func TestMTLSLockOutDiagnostics_cases(t *testing.T) {
	t.Parallel()
	ownRefused := lockOutWant{diag.SeverityError, "Unable to enforce mTLS: the provider's own connection does not verify", "require_verified_connection",
		[]string{"Klarna-Mtls-Verification-Status NOT_PRESENT", lockOutAccount, "require_verified_connection = false"}}
	ownWarned := lockOutWant{diag.SeverityWarning, "mTLS enforcement will refuse the provider's own requests", "require_verified_connection",
		[]string{"Klarna-Mtls-Verification-Status NOT_PRESENT", lockOutAccount, "MTLS_REQUIRED", "client_certificate_pem"}}
	ownAtPlan := lockOutWant{diag.SeverityWarning, "The apply will refuse to enforce mTLS: the provider's own connection does not verify", "require_verified_connection",
		[]string{"Klarna-Mtls-Verification-Status NOT_PRESENT", lockOutAccount, "The apply cannot change that", "client_certificate_pem"}}
	partnerRefused := lockOutWant{diag.SeverityError, "Unable to enforce mTLS: the partner account has no API certificate", "require_verified_connection",
		[]string{lockOutAccount, "no ACTIVE API client certificate", "klarna_client_certificate"}}
	partnerWarned := lockOutWant{diag.SeverityWarning, "mTLS enforcement needs an API certificate of the partner account", "require_verified_connection",
		[]string{lockOutAccount, "no ACTIVE API client certificate", "409 MTLS_NOT_ENABLED", "the apply fails", "klarna_client_certificate"}}
	tests := []struct {
		name string
		in   mtlsLockOut
		want lockOutWant
	}{
		{"own valid", mtlsLockOut{own: true, verification: "VALID", requireVerified: true, enforces: true}, lockOutWant{}},
		{"own valid relaxed", mtlsLockOut{own: true, verification: "VALID", enforces: true}, lockOutWant{}},
		{"own not present", mtlsLockOut{own: true, verification: "NOT_PRESENT", requireVerified: true, enforces: true}, ownRefused},
		{"own not present relaxed", mtlsLockOut{own: true, verification: "NOT_PRESENT", enforces: true}, ownWarned},
		{"own invalid relaxed", mtlsLockOut{own: true, verification: "INVALID", enforces: true},
			lockOutWant{diag.SeverityWarning, ownWarned.summary, "require_verified_connection", []string{"Klarna-Mtls-Verification-Status INVALID"}}},
		{"own absent", mtlsLockOut{own: true, requireVerified: true, enforces: true},
			lockOutWant{diag.SeverityError, ownRefused.summary, "require_verified_connection", []string{"absent (the account has no API certificate yet)"}}},
		{"own absent relaxed", mtlsLockOut{own: true, enforces: true},
			lockOutWant{diag.SeverityWarning, "The apply will fail: the account has no API certificate", "require_verified_connection",
				[]string{lockOutAccount, "409 MTLS_NOT_ENABLED", "client_certificate_pem"}}},
		{"own not present, nothing enforced", mtlsLockOut{own: true, verification: "NOT_PRESENT", requireVerified: true}, lockOutWant{}},
		{"partner with certificate", mtlsLockOut{activeAPICertificate: true, requireVerified: true, enforces: true}, lockOutWant{}},
		{"partner with certificate relaxed", mtlsLockOut{activeAPICertificate: true, enforces: true}, lockOutWant{}},
		{"partner without certificate", mtlsLockOut{requireVerified: true, enforces: true}, partnerRefused},
		{"partner without certificate relaxed", mtlsLockOut{enforces: true}, partnerWarned},
		{"partner without certificate, nothing enforced", mtlsLockOut{}, lockOutWant{}},
		// At plan: the own account's verification cannot change within the apply, a partner's certificate can.
		{"own not present at plan", mtlsLockOut{own: true, verification: "NOT_PRESENT", requireVerified: true, enforces: true, atPlan: true}, ownAtPlan},
		{"own absent at plan", mtlsLockOut{own: true, requireVerified: true, enforces: true, atPlan: true},
			lockOutWant{diag.SeverityWarning, ownAtPlan.summary, "require_verified_connection", []string{"absent (the account has no API certificate yet)", "The apply cannot change that"}}},
		{"own invalid at plan", mtlsLockOut{own: true, verification: "INVALID", requireVerified: true, enforces: true, atPlan: true},
			lockOutWant{diag.SeverityWarning, ownAtPlan.summary, "require_verified_connection", []string{"INVALID", "The apply cannot change that"}}},
		{"own valid at plan", mtlsLockOut{own: true, verification: "VALID", requireVerified: true, enforces: true, atPlan: true}, lockOutWant{}},
		{"own not present relaxed at plan", mtlsLockOut{own: true, verification: "NOT_PRESENT", enforces: true, atPlan: true}, ownWarned},
		{"partner without certificate at plan", mtlsLockOut{requireVerified: true, enforces: true, atPlan: true},
			lockOutWant{diag.SeverityWarning, "The apply will refuse to enforce mTLS unless the partner account gets an API certificate", "require_verified_connection",
				[]string{lockOutAccount, "no ACTIVE API client certificate", "apply refuses", "depends_on"}}},
		{"partner without certificate relaxed at plan", mtlsLockOut{enforces: true, atPlan: true}, partnerWarned},
		{"partner with certificate at plan", mtlsLockOut{activeAPICertificate: true, requireVerified: true, enforces: true, atPlan: true}, lockOutWant{}},
		{"partner without certificate, nothing enforced, at plan", mtlsLockOut{requireVerified: true, atPlan: true}, lockOutWant{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.in.accountID = lockOutAccount
			checkLockOut(t, fmt.Sprintf("mtlsLockOutDiagnostics(%+v)", tt.in), mtlsLockOutDiagnostics(tt.in), tt.want)
		})
	}
}
