package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

var _ action.ActionWithConfigure = (*connectionCheckAction)(nil)

func newConnectionCheckAction() action.Action {
	return &connectionCheckAction{}
}

type connectionCheckAction struct {
	data *providerData
}

func (a *connectionCheckAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_connection_check"
}

func (a *connectionCheckAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Checks the provider's own connection to the API: calls `GET /v2/account` and reports the " +
			"`Klarna-Mtls-Verification-Status` Klarna answers it with, as progress messages. Fails unless the status is " + codeSpan(apirules.VerificationValid) + ", " +
			"i.e. unless the provider presents (`client_certificate_pem`, `client_private_key_pem`) an " + apirules.CertificateActive + " " + codeSpan(apirules.UsageAPI) + " certificate of its " +
			"own account. Run it with `terraform apply -invoke=action.klarna_connection_check.<name>`, or from an `action_trigger` " +
			"with `events = [before_create]` on a `klarna_mtls_enforcement` of the provider's own account, so that nothing is enforced " +
			"that would lock the provider out.\n\n" +
			"It also reads the own account's IP allow-list (`GET /integration/inbound-restriction/ip`) and reports the " +
			"`Klarna-Ip-Validation-Status` Klarna answers it with. It fails when that status is " + codeSpan(apirules.IPValidationDenied) + " or " + codeSpan(apirules.IPValidationInvalid) + " while the " +
			"allow-list is " + codeSpan(apirules.IPModeEnforced) + " or " + codeSpan(apirules.IPModeReporting) + ": in " + codeSpan(apirules.IPModeReporting) + " the request still passes, but the same request is refused once " +
			"the allow-list is enforced, so a check before `klarna_ip_restriction` is set to " + codeSpan(apirules.IPModeEnforced) + " must fail then too. " +
			"Needs Terraform 1.14 or later. It takes no arguments.",
	}
}

func (a *connectionCheckAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (a *connectionCheckAction) Invoke(ctx context.Context, _ action.InvokeRequest, resp *action.InvokeResponse) {
	ctx, reportWaits := a.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	presented := "no client certificate"
	if a.data.presentedFingerprint != "" {
		presented = "the client certificate with SHA-256 fingerprint " + a.data.presentedFingerprint
	}
	progress(resp, "Calling GET /v2/account, presenting "+presented)
	who, err := a.data.client.WhoAmI(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "check", "the connection", "", err)
		return
	}
	status := who.MTLSVerificationStatus
	progress(resp, fmt.Sprintf("Account %s: Klarna-Mtls-Verification-Status %s", who.AccountID, derefOr(&status, "absent (the account has no API certificate)")))
	ip, err := a.data.client.GetIPRestriction(ctx, "")
	if err != nil {
		addAPIError(&resp.Diagnostics, "check", "the IP allow-list", who.AccountID, err)
		return
	}
	ipStatus := ip.IPValidationStatus
	progress(resp, fmt.Sprintf("Account %s: IP allow-list %s, Klarna-Ip-Validation-Status %s", who.AccountID, ip.EnforcementMode,
		derefOr(&ipStatus, "absent (the allow-list is not in effect)")))
	if ipAllowListRefuses(ip.EnforcementMode, ipStatus) {
		resp.Diagnostics.AddError("The provider's connection is outside the IP allow-list", fmt.Sprintf(
			"Klarna answered the provider's read of the IP allow-list of account %s (enforcement_mode %s, cidr_blocks %v) with "+
				"Klarna-Ip-Validation-Status %s, not %s: the provider's address is not in the allow-list. Enforcing it would lock the "+
				"provider out. Add the provider's egress address to cidr_blocks of klarna_ip_restriction.",
			who.AccountID, ip.EnforcementMode, ip.CIDRBlocks, ipStatus, apirules.IPValidationAllowed))
	}
	if status == apirules.VerificationValid {
		return
	}
	resp.Diagnostics.AddError("The provider's connection does not verify for mTLS", fmt.Sprintf(
		"Klarna answered the provider's GET /v2/account for account %s, presenting %s, with Klarna-Mtls-Verification-Status %s, "+
			"not %s. %s Enforcing mTLS now would lock the provider out.",
		who.AccountID, presented, derefOr(&status, "absent"), apirules.VerificationValid, connectionAdvice(status)))
}

// connectionAdvice says what to do about a verification status other than VALID.
func connectionAdvice(status string) string {
	switch status {
	case "":
		return "The account has no " + apirules.CertificateActive + " API certificate yet: issue one (klarna_client_certificate with usage = \"" + apirules.UsageAPI + "\") and " +
			"configure the provider's client_certificate_pem and client_private_key_pem (or the " + envClientCertFile + " and " +
			envClientKeyFile + " environment variables) with it."
	case apirules.VerificationNotPresent:
		return "The provider presents no client certificate: configure client_certificate_pem and client_private_key_pem (or the " +
			envClientCertFile + " and " + envClientKeyFile + " environment variables) with an " + apirules.CertificateActive + " API certificate of the account."
	default:
		return "The certificate the provider presents is not an " + apirules.CertificateActive + " API certificate of this account (revoked, expired, " +
			apirules.UsageJWTSigning + ", or another account's): configure one that is."
	}
}

// ipAllowListRefuses reports whether an allow-list in mode refuses, or once enforced will
// refuse, a request Klarna validated as status.
func ipAllowListRefuses(mode, status string) bool {
	inEffect := mode == apirules.IPModeEnforced || mode == apirules.IPModeReporting
	return inEffect && (status == apirules.IPValidationDenied || status == apirules.IPValidationInvalid)
}
