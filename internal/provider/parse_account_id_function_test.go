package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
)

func TestAccParseAccountIDFunction_known(t *testing.T) {
	e := newAccEnv(t)
	e.testFunction(t, e.functionStep(`parse_account_id("krn:partner:global:account:test:AB12CD34")`,
		knownvalue.ObjectExact(map[string]knownvalue.Check{
			"environment": knownvalue.StringExact("test"),
			"id":          knownvalue.StringExact("AB12CD34"),
		})))
}

func TestAccParseAccountIDFunction_unknown(t *testing.T) {
	e := newAccEnv(t)
	// An input known only after apply gives a result known only after apply.
	e.testFunction(t, e.functionUnknownStep(`parse_account_id(%s)`, "krn:partner:global:account:live:LYABCDEI",
		knownvalue.ObjectExact(map[string]knownvalue.Check{
			"environment": knownvalue.StringExact("live"),
			"id":          knownvalue.StringExact("LYABCDEI"),
		})))
}

func TestAccParseAccountIDFunction_badInput(t *testing.T) {
	testFunctionBadInput(t, []functionBadInputCase{
		{"parse a live account in lower case", `parse_account_id("krn:partner:global:account:live:lyabcdei")`, []string{"Invalid function argument", "upper-case"}},
	})
}
