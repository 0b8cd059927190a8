package provider

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// stringCheck is a string validator built from a check function, so that the provider
// refuses at plan time exactly what the API's own rule refuses.
type stringCheck struct {
	description string
	summary     string
	check       func(string) error
}

var _ validator.String = stringCheck{}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, fmt.Sprintf("%s: %s", req.Path, err))
	}
}

// accountIDValidator refuses anything but an account KRN.
func accountIDValidator() validator.String {
	return stringCheck{
		description: "must be an account ID of the form " + krn.Format,
		summary:     "Invalid account ID",
		check:       func(s string) error { _, err := krn.Parse(s); return err },
	}
}

// httpsURLValidator refuses a base URL that is not https://.
func httpsURLValidator() validator.String {
	return stringCheck{description: "must be an https:// URL", summary: "Invalid base URL", check: checkHTTPSURL}
}

func checkHTTPSURL(v string) error {
	u, err := url.Parse(v)
	if err != nil {
		// Say why without the value: it may hold a password.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("base_url is not a URL: %w", err)
	}
	if u.User != nil {
		// The user information is left out whole: a key pasted there as a user name is a secret too.
		shown := *u
		shown.User = nil
		return fmt.Errorf("base_url %q (shown without its user information) must not hold a user name or password (user:password@): "+
			"the provider authenticates with api_key only, and a URL is written to logs", shown.String())
	}
	if u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("base_url %q must be an https:// URL: the Klarna API is served over HTTPS only", v)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("base_url %q must not have a query or fragment", v)
	}
	return nil
}

// pemCertificatesValidator refuses anything but PEM CERTIFICATE blocks.
func pemCertificatesValidator() validator.String {
	return stringCheck{description: "must hold PEM CERTIFICATE blocks", summary: "Invalid PEM certificate", check: pki.CheckPEMCertificates}
}

// descriptionValidator applies the API's description rule to API keys and client IDs.
func descriptionValidator() validator.String {
	return stringCheck{
		description: "may only contain " + apirules.DescriptionAllowed,
		summary:     "Invalid description",
		check:       apirules.CheckDescription,
	}
}

// originValidator applies the API's rule for allowed origins.
func originValidator() validator.String {
	return stringCheck{
		description: "must be " + apirules.OriginAllowed,
		summary:     "Invalid origin",
		check:       apirules.CheckOrigin,
	}
}

// regexValidator refuses a string that is not a valid regular expression.
func regexValidator() validator.String {
	return stringCheck{
		description: "must be a valid RE2 regular expression",
		summary:     "Invalid regular expression",
		check:       func(s string) error { _, err := regexp.Compile(s); return err },
	}
}

// plainTextValidator applies the API's rule for plain strings.
func plainTextValidator() validator.String {
	return stringCheck{
		description: fmt.Sprintf("at most %d characters, no control characters", apirules.MaxTextLength),
		summary:     "Invalid text",
		check:       apirules.CheckText,
	}
}

// apiKeyValidator refuses an API key that cannot be sent as it is.
func apiKeyValidator() validator.String {
	return stringCheck{
		description: "must be the API key alone, with no white space around it and no control characters",
		summary:     "Invalid API key",
		check:       checkAPIKey,
	}
}

// checkAPIKey refuses a key that cannot be sent as it is: white space around it (a key read
// with file() keeps the file's final newline) or a control character in it.
func checkAPIKey(v string) error {
	if strings.TrimSpace(v) != v {
		return errors.New("begins or ends with white space, which is not part of any Klarna API key (a key read with file() keeps " +
			"the file's final newline): remove it, e.g. with trimspace(file(\"...\")); the provider does not trim it for you")
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return errors.New("holds a control character, which no Klarna API key has and no HTTP header may carry")
		}
	}
	return nil
}

// retryBudgetValidator refuses a retry budget that is not a duration within the bounds.
func retryBudgetValidator() validator.String {
	return stringCheck{
		description: "must be a duration from " + retryBudgetRange,
		summary:     "Invalid retry budget",
		check:       func(s string) error { _, err := parseRetryBudget(s); return err },
	}
}

// Bounds of retry_budget, and how they read.
const (
	minRetryBudget = time.Second
	maxRetryBudget = 24 * time.Hour
)

var retryBudgetRange = fmt.Sprintf("%gs to %gh", minRetryBudget.Seconds(), maxRetryBudget.Hours())

// parseRetryBudget reads a retry budget: a Go duration within the allowed bounds.
func parseRetryBudget(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as \"90s\" or \"5m\"", v)
	}
	if d < minRetryBudget || d > maxRetryBudget {
		return 0, fmt.Errorf("%s is outside the allowed range, %s", d, retryBudgetRange)
	}
	return d, nil
}

// emailValidator applies the API's rule for email addresses.
func emailValidator() validator.String {
	return stringCheck{
		description: "must be an email address: " + apirules.EmailAllowed,
		summary:     "Invalid email address",
		check:       apirules.CheckEmail,
	}
}

func referenceValidator() validator.String {
	return stringvalidator.RegexMatches(referencePattern, "must be "+strings.ReplaceAll(referenceAllowed, "`", ""))
}

// storeURLValidator applies the API's rule for a WEBSITE store's address.
func storeURLValidator() validator.String {
	return stringCheck{description: "must be an https:// address with no white space", summary: "Invalid store url", check: func(s string) error {
		if !strings.HasPrefix(s, "https://") || len(s) == len("https://") || strings.IndexFunc(s, unicode.IsSpace) >= 0 {
			return fmt.Errorf("store url %q must be an https:// address with no white space (a query is allowed)", s)
		}
		return nil
	}}
}

// enumList lists a validator's allowed values for a description, each in backticks, so that
// a description names exactly what the validator accepts: "`a`, `b`, `c`".
func enumList[T ~string](values []T) string {
	return strings.Join(quoted(values, nil), ", ")
}

// enumOrList lists values as alternatives, each in backticks: "`a`, `b` or `c`".
func enumOrList[T ~string](values []T) string {
	return annotatedEnumOrList(values, nil)
}

// annotatedEnumOrList is enumOrList with a note in parentheses after the values notes
// explains: "`a` (note), `b` or `c`".
func annotatedEnumOrList[T ~string](values []T, notes map[T]string) string {
	q := quoted(values, notes)
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// quoted puts each value in backticks, followed by its note, if any, in parentheses.
func quoted[T ~string](values []T, notes map[T]string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = "`" + string(v) + "`"
		if note := notes[v]; note != "" {
			out[i] += " (" + note + ")"
		}
	}
	return out
}

// codeSpan puts one value in backticks, as enumList does each of its values: "`a`".
func codeSpan[T ~string](v T) string {
	return "`" + string(v) + "`"
}

// checkUUID refuses anything but a UUID in its 8-4-4-4-12 form.
func checkUUID(s string) error {
	if !uuidPattern.MatchString(s) {
		return fmt.Errorf("%q is not a UUID (8-4-4-4-12 hexadecimal digits)", s)
	}
	return nil
}

var uuidPattern = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)

// lowerUUIDValidator refuses anything but a UUID in lower case, as the API returns it, for
// a reference the API stores and answers in lower case.
func lowerUUIDValidator(what string) validator.String {
	return stringCheck{description: "must be a UUID in lower case", summary: "Invalid " + what, check: func(s string) error {
		if err := checkUUID(s); err != nil {
			return err
		}
		if s != strings.ToLower(s) {
			return fmt.Errorf("%q has upper-case letters; the API returns its IDs in lower case, so write %q (or wrap it in lower())", s, strings.ToLower(s))
		}
		return nil
	}}
}

// uuidValidator refuses anything but a UUID.
func uuidValidator(what string) validator.String {
	return stringCheck{description: "must be a UUID", summary: "Invalid " + what, check: checkUUID}
}

// webhookURLValidator applies the API's webhook URL rule.
func webhookURLValidator() validator.String {
	return stringCheck{description: "must be " + apirules.WebhookURLAllowed, summary: "Invalid webhook URL", check: apirules.CheckWebhookURL}
}

// eventTypeValidator applies the API's event type syntax, * last segment included.
func eventTypeValidator() validator.String {
	return stringCheck{
		description: "must be " + apirules.EventTypeAllowed,
		summary:     "Invalid event type",
		check:       func(s string) error { return apirules.CheckEventType(s, true) },
	}
}

// cidrBlockValidator applies the API's CIDR block rule.
func cidrBlockValidator() validator.String {
	return stringCheck{description: "must be " + apirules.CIDRBlockAllowed, summary: "Invalid CIDR block", check: apirules.CheckCIDRBlock}
}

// checkKnownStrings applies a config's schema to its top-level string attributes once their
// values are known: an unknown value is refused (unknown says with which summary and detail;
// with a nil unknown, as at plan, it is left for later), and a known one must pass the attribute's own validators. Terraform validates a config
// before it knows the values of variables, and validators skip an unknown value, so an action
// or a list resource checks its config again here, before any API call, with exactly the
// rules of its schema.
func checkKnownStrings(ctx context.Context, config tfsdk.Config, unknown func(name string) (summary, detail string)) diag.Diagnostics {
	var diags diag.Diagnostics
	if config.Schema == nil {
		return diags
	}
	attrs := config.Schema.GetAttributes()
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		attr, ok := attrs[name].(interface{ StringValidators() []validator.String })
		if !ok {
			continue
		}
		var v types.String
		p := path.Root(name)
		if diags.Append(config.GetAttribute(ctx, p, &v)...); diags.HasError() {
			return diags
		}
		if v.IsUnknown() {
			if unknown == nil {
				continue
			}
			summary, detail := unknown(name)
			diags.AddAttributeError(p, summary, detail)
			continue
		}
		if v.IsNull() {
			continue
		}
		for _, check := range attr.StringValidators() {
			var resp validator.StringResponse
			check.ValidateString(ctx, validator.StringRequest{Path: p, PathExpression: p.Expression(), Config: config, ConfigValue: v}, &resp)
			diags.Append(resp.Diagnostics...)
		}
	}
	return diags
}

// timestampForm is the one form of time the provider takes: RFC 3339 in whole seconds, with
// Z or an offset, as the API's contract writes its times (2026-11-22T07:45:00Z). The API keeps
// times to the second, so a fraction would be dropped and the stored time would differ from
// the configured one.
const (
	timestampForm         = "YYYY-MM-DDThh:mm:ssZ or YYYY-MM-DDThh:mm:ss+hh:mm (RFC 3339 in whole seconds, with Z or an offset)"
	timestampFormMarkdown = "`YYYY-MM-DDThh:mm:ssZ` or `YYYY-MM-DDThh:mm:ss+hh:mm` (RFC 3339 in whole seconds, with `Z` or an offset such as `+01:00` or `-05:00`)"
)

var timestampPattern = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`)

// checkTimestamp refuses a time that is not of timestampForm, or not a real time.
func checkTimestamp(s string) error {
	if !timestampPattern.MatchString(s) {
		return fmt.Errorf("%q is not a time of the form %s", s, timestampForm)
	}
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		return fmt.Errorf("%q is not a valid time (%s): %w", s, timestampForm, err)
	}
	return nil
}

// enforcedFromValidator accepts NOW or a time of the form checkTimestamp accepts.
func enforcedFromValidator() validator.String {
	return stringCheck{
		description: fmt.Sprintf("must be %q or a time of the form %s", apirules.EnforceNow, timestampForm),
		summary:     "Invalid enforced_from",
		check: func(s string) error {
			if s == apirules.EnforceNow {
				return nil
			}
			if err := checkTimestamp(s); err != nil {
				return fmt.Errorf("%q is not %q: %w", s, apirules.EnforceNow, err)
			}
			return nil
		},
	}
}
