package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// addAPIError adds the one diagnostic shape of the provider: summary "Unable to <verb>
// <entity>", a detail that names the ID, says what to do where the provider knows, and
// ends with the API's error_code, message, error_id and correlation IDs.
func addAPIError(diags *diag.Diagnostics, verb, entity, id string, err error) {
	diags.AddError(fmt.Sprintf("Unable to %s %s", verb, entity), apiErrorDetail(entity, id, err))
}

func apiErrorDetail(entity, id string, err error) string {
	var b strings.Builder
	if id != "" {
		fmt.Fprintf(&b, "%s %s: ", entity, id)
	}
	if hint := errorHint(err); hint != "" {
		b.WriteString(hint)
		b.WriteString("\n\n")
	}
	apiErr, ok := klarna.AsAPIError(err)
	if !ok {
		b.WriteString(err.Error())
		return b.String()
	}
	fmt.Fprintf(&b, "The API answered HTTP %d to %s %s.", apiErr.StatusCode, apiErr.Method, apiErr.Path)
	for _, v := range apiErr.Errors {
		fmt.Fprintf(&b, "\n  - %s: %s", v.Parameter, v.ErrorMessage)
	}
	fmt.Fprintf(&b, "\n\nerror_code: %s\nerror_message: %s", orNone(apiErr.ErrorCode), orNone(apiErr.ErrorMessage))
	fmt.Fprintf(&b, "\nerror_id: %s\nKlarna-Correlation-Id: %s\nPartner-Correlation-Id: %s",
		orNone(apiErr.ErrorID), orNone(apiErr.CorrelationID), orNone(apiErr.PartnerCorrelationID))
	var ex *klarna.RetriesExhaustedError
	if errors.As(err, &ex) {
		fmt.Fprintf(&b, "\n(after %d attempts)", ex.Attempts)
		if ex.OutcomeUnknown {
			fmt.Fprintf(&b, "\nThe outcome is unknown: the API may have carried out the request (Klarna-Idempotency-Key %s).", orNone(ex.IdempotencyKey))
		}
	}
	return b.String()
}

// errorHint says what the user can do about the errors the provider knows.
func errorHint(err error) string {
	switch {
	case klarna.IsMTLSRequired(err):
		return "The account enforces mTLS and the provider presented no valid client certificate (MTLS_REQUIRED). " +
			"Configure the provider's client_certificate_pem and client_private_key_pem (or the " + envClientCertFile + " and " +
			envClientKeyFile + " environment variables) with an ACTIVE API certificate of the account and its key."
	case klarna.IsUnauthorized(err):
		return "The API key was refused: it is wrong, disabled or deleted. Check api_key (or " + envAPIKey + ")."
	case klarna.IsForbidden(err):
		return "The account named is neither the provider's own account nor a partner account onboarded through it."
	case klarna.IsDDoSBlocked(err):
		return "" // the error says it all
	case klarna.IsOutcomeUnknown(err):
		return "The request may or may not have been carried out: the API did not answer before the retries ran out."
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// addCreateError reports a failed create; when the outcome is unknown it says how to find
// and import what the API may have made, so that nothing is left orphaned. lookFor tells
// the object apart, e.g. `with description "checkout backend"`.
func addCreateError(diags *diag.Diagnostics, entity, resourceType, accountID, lookFor string, err error) {
	detail := apiErrorDetail(entity, "", err)
	if klarna.IsOutcomeUnknown(err) {
		where := "the provider's own account"
		prefix := ""
		if accountID != "" {
			where = "account " + accountID
			prefix = accountID + "/"
		}
		detail += fmt.Sprintf("\n\nThe %s may exist in %s without being in the Terraform state. List the account's %ss "+
			"(for example with the %ss data source) and look for the one %s; if it was made, import it instead of creating another:\n"+
			"  terraform import %s.<name> %s<id>", entity, where, entity, resourceType, lookFor, resourceType, prefix)
	}
	diags.AddError("Unable to create "+entity, detail)
}
