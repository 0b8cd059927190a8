package provider

import (
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

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
