package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// addAPIError adds the one diagnostic shape of the provider: summary "Unable to <verb>
// <entity>", a detail that names the ID, says what to do where the provider knows, and
// ends with the API's error_code, message, error_id and correlation IDs.
func addAPIError(diags *diag.Diagnostics, verb, entity, id string, err error) {
	addMaskedError(diags, fmt.Sprintf("Unable to %s %s", verb, entity), apiErrorDetail(entity, id, err))
}

// addMaskedError adds an error diagnostic after masking secrets in it with the HTTP log's
// masking: server error text may echo the Authorization header or a key, and Terraform
// prints diagnostics and writes them to its log.
func addMaskedError(diags *diag.Diagnostics, summary, detail string) {
	diags.AddError(klarna.Redact(summary), klarna.Redact(detail))
}

// apiErrorDetail is the detail of a diagnostic about err, masked.
func apiErrorDetail(entity, id string, err error) string {
	return klarna.Redact(unmaskedDetail(entity, id, err))
}

func unmaskedDetail(entity, id string, err error) string {
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
		fmt.Fprintf(&b, "\n(after %s in %s)", ex.AttemptCount(), ex.Elapsed.Round(time.Millisecond))
		if ex.OutcomeUnknown {
			fmt.Fprintf(&b, "\nThe outcome is unknown: the API may have carried out the request (Klarna-Idempotency-Key %s).", orNone(ex.IdempotencyKey))
		}
	}
	return b.String()
}

// errorHint says what the user can do about the errors the provider knows.
func errorHint(err error) string {
	var hints []string
	if le, ok := klarna.AsLocalError(err); ok {
		hints = append(hints, localErrorHint(le))
	}
	switch {
	case klarna.IsMTLSRequired(err):
		hints = append(hints, "The account enforces mTLS and the provider presented no valid client certificate ("+klarna.CodeMTLSRequired+"). "+
			"Configure the provider's client_certificate_pem and client_private_key_pem (or the "+envClientCertFile+" and "+
			envClientKeyFile+" environment variables) with an "+apirules.CertificateActive+" API certificate of the account and its key.")
	case klarna.IsUnauthorized(err):
		hints = append(hints, "The API key was refused: it is wrong, disabled or deleted. Check api_key (or "+envAPIKey+").")
	case klarna.IsIPNotAllowed(err):
		hints = append(hints, "The IP allow-list of the account that owns the API key is enforced and does not allow the address "+
			"the provider called from ("+klarna.CodeIPNotAllowed+"). Call from an allowed address, or have the allow-list changed "+
			"(klarna_ip_restriction) from one.")
	case klarna.HasCode(err, klarna.CodeSigningKeyLimitReached):
		hints = append(hints, fmt.Sprintf("The account holds the most webhook signing keys Klarna allows (%d). Delete one no "+
			"webhook names (a klarna_webhook_signing_key removed from the configuration, or in the portal), then apply again.",
			apirules.MaxSigningKeys))
	case klarna.HasCode(err, klarna.CodePaymentProductTerminated):
		hints = append(hints, "Klarna terminated the account's payment product: it cannot be enabled or disabled through "+
			"the API any more. Ask Klarna Support, or remove payment_enabled's change from the configuration.")
	case klarna.IsForbidden(err):
		hints = append(hints, "The account named is neither the provider's own account nor a partner account onboarded through it.")
	}
	var ex *klarna.RetriesExhaustedError
	if errors.As(err, &ex) {
		switch ex.Reason {
		case klarna.ExhaustedBudget:
			hints = append(hints, fmt.Sprintf("The provider retried for its whole retry budget (%s) and gave up. "+
				"If the API needs longer to answer, raise retry_budget (or %s).", ex.Budget, envRetryBudget))
		case klarna.ExhaustedRetryAfter:
			hints = append(hints, fmt.Sprintf("The API asked the provider to wait %s before retrying (Retry-After), longer than "+
				"what was left of the retry budget (%s in all), so the provider stopped at once instead of waiting. Try again after %s, or raise "+
				"retry_budget (or %s).", ex.RetryAfter, ex.Budget, ex.RetryAt.UTC().Format(time.RFC3339), envRetryBudget))
		case klarna.ExhaustedRetries:
			if ex.Attempts <= 1 {
				hints = append(hints, "max_retries is 0: the provider did not retry.")
			} else {
				hints = append(hints, "The provider used every retry max_retries allows.")
			}
		}
		if errors.Is(err, syscall.ECONNREFUSED) {
			hints = append(hints, "Nothing accepted the connection: check the host and port of base_url (or "+envBaseURL+").")
		}
	}
	if klarna.IsOutcomeUnknown(err) {
		hints = append(hints, "The request may or may not have been carried out: the API did not answer before the retries ran out.")
	}
	return strings.Join(hints, " ")
}

// localErrorHint names the setting that fixes an error made on this machine.
func localErrorHint(le *klarna.LocalError) string {
	const notSent = "No request was sent, and retrying cannot help, so the provider did not retry. "
	switch le.Kind {
	case klarna.LocalTLSVerification:
		return notSent + "The provider does not trust the API's TLS certificate. If base_url points to a proxy or a test " +
			"server with a CA of its own, give that CA's PEM certificate in ca_certificate_pem (or name its file in " +
			envCAFile + "); the provider trusts it besides the system's roots."
	case klarna.LocalTLSHostname:
		return notSent + "The API's TLS certificate is not issued for the host in base_url (or " + envBaseURL + "): check its host name."
	case klarna.LocalTLSHandshake:
		return notSent + "The TLS handshake failed: the server at base_url (or " + envBaseURL + ") offers no TLS version the " +
			"provider accepts (TLS 1.2 or later), is not an HTTPS server (check its scheme and port), or refused the " +
			"handshake for a reason the error below gives, such as the client certificate (client_certificate_pem)."
	case klarna.LocalInvalidHeader:
		return notSent + "A request header holds a character HTTP does not allow. The Authorization header carries the API key: " +
			"check api_key (or " + envAPIKey + ") for white space or control characters, such as the final newline file() keeps."
	case klarna.LocalInvalidURL:
		return notSent + "The request URL is not valid: check base_url (or " + envBaseURL + ")."
	case klarna.LocalHostNotFound:
		return notSent + "The host name of base_url (or " + envBaseURL + ") does not exist: check base_url."
	case klarna.LocalProxyRefused:
		return notSent + "The HTTPS proxy the environment names (HTTPS_PROXY) refused to connect to the API: check the " +
			"proxy's address, credentials and rules, or NO_PROXY."
	}
	return notSent
}

// longWait is how long an operation may wait for the API in total before the user is told.
const longWait = 10 * time.Second

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// addCreateError reports a failed create; when the outcome is unknown it says how to find
// and import what the API may have made, so that nothing is left orphaned. lookFor tells
// the object apart, e.g. `with description "checkout backend"`; form is the form of the ID
// the import takes.
func addCreateError(diags *diag.Diagnostics, entity, resourceType string, form objectIDForm, accountID, lookFor string, err error) {
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
			"  terraform import %s.<name> %s%s", entity, where, entity, resourceType, lookFor, resourceType, prefix, form.placeholder)
	}
	addMaskedError(diags, "Unable to create "+entity, detail)
}

// createdButUnusable is a create the API answered with success but whose response the
// provider cannot use: err is the decoding error, or nil when the body decoded but lacks
// what the provider needs (problem). With no ID nothing is saved, so nothing ID-less reaches
// the state; the error says how to find the credential and import it by ID.
type createdButUnusable struct {
	entity, resourceType, dataSource string
	form                             objectIDForm // the form of the ID the import takes
	accountID                        string       // the resolved account KRN
	lookFor                          string       // e.g. `with description "ci"`
	request                          *klarna.RequestRecord
}

// undecodable reports whether err is a success response whose body did not decode.
func undecodable(err error) bool {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	return err != nil && (errors.As(err, &syntaxErr) || errors.As(err, &typeErr))
}

// addNoID reports a success response that names no credential: nothing is saved.
func (c createdButUnusable) addNoID(diags *diag.Diagnostics, problem string, err error) {
	var b strings.Builder
	fmt.Fprintf(&b, "The API answered the create with success, but %s. The %s was most likely made in account %s, and it is "+
		"not in the Terraform state. Find it with the %s data source (account_id = %q; the one %s, created just now) "+
		"and import it by its ID instead of creating another:\n  terraform import %s.<name> %s/%s\n"+
		"or an import block with that id.", problem, c.entity, c.accountID, c.dataSource, c.accountID, c.lookFor,
		c.resourceType, c.accountID, c.form.placeholder)
	b.WriteString("\n\n" + requestReference(err, c.request))
	diags.AddError("Unable to create "+c.entity, b.String())
}

// addIncomplete reports a success response that names the credential but lacks something
// else; the caller saves the credential, which Terraform then marks tainted.
func (c createdButUnusable) addIncomplete(diags *diag.Diagnostics, id, problem string) {
	diags.AddError("Unable to create "+c.entity, fmt.Sprintf(
		"The API created %s %s in account %s, but %s. It is kept in the Terraform state, where Terraform marks it tainted: "+
			"the next apply replaces it with a new one.\n\n%s", c.entity, id, c.accountID, problem, requestReference(nil, c.request)))
}

// requestReference names the create request for support: its idempotency key and
// correlation IDs (from the error, or else from the record of the request), and where the
// full exchange is logged.
func requestReference(err error, request *klarna.RequestRecord) string {
	var b strings.Builder
	if err != nil {
		b.WriteString(klarna.Redact(err.Error()))
		b.WriteString("\n")
	}
	b.WriteString(request.Reference())
	b.WriteString("Give these to Klarna Partner support if the object cannot be found; the whole exchange is in the " +
		"provider's DEBUG log (TF_LOG_PROVIDER=DEBUG).")
	return b.String()
}

// trackWaits returns a context whose API calls tally the time they wait before retrying,
// and a function that adds a warning to diags when the waits of the operation added up to
// longWait or more: without it, a rate-limited apply looks hung. d may be nil (an
// unconfigured provider).
func (d *providerData) trackWaits(ctx context.Context) (context.Context, func(*diag.Diagnostics)) {
	threshold := longWait
	if d != nil && d.longWait > 0 {
		threshold = d.longWait
	}
	ctx, tally := klarna.WithWaitTally(ctx)
	return ctx, func(diags *diag.Diagnostics) { addWaitWarning(diags, tally, threshold) }
}

func addWaitWarning(diags *diag.Diagnostics, tally *klarna.WaitTally, threshold time.Duration) {
	total, waits := tally.Total()
	if total < threshold || waits == 0 {
		return
	}
	diags.AddWarning(fmt.Sprintf("Waited %s for the Klarna API", total.Round(time.Second)), klarna.Redact(fmt.Sprintf(
		"This operation waited %s in total, in %d waits before retrying requests the API rate-limited (429) or could not "+
			"answer; the latest: %s. Each wait is logged at WARN (TF_LOG=WARN); retry_budget (or %s) bounds them.",
		total.Round(time.Millisecond), waits, tally.Last(), envRetryBudget)))
}
