package provider

// Values of the API as Terraform values and as text, and checks on Terraform values.

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// formatTime is a time of the API as the state holds it: RFC 3339 in UTC.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// timePointerValue is an optional time of the API as a string, null when absent.
func timePointerValue(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(formatTime(*t))
}

// enumPointerValue is an optional enumeration of the API as a string, null when absent.
func enumPointerValue[T ~string](v *T) types.String {
	if v == nil {
		return types.StringNull()
	}
	return types.StringValue(string(*v))
}

// withArticle puts "a" or "an" before a noun.
func withArticle(noun string) string {
	if strings.ContainsRune("AEIOUaeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// known reports whether v holds a value: neither null nor unknown.
func known(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }

// derefOr is an optional value of the API as text, or otherwise when it is absent or empty.
func derefOr[T ~string](s *T, otherwise string) string {
	if s == nil || *s == "" {
		return otherwise
	}
	return string(*s)
}

// quoteAll quotes each of ss and joins them with commas.
func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
