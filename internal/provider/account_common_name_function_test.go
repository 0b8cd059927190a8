package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
)

func TestAccAccountCommonNameFunction_known(t *testing.T) {
	e := newAccEnv(t)
	e.testFunction(t, e.functionStep(`account_common_name("krn:partner:global:account:live:LYABCDEI")`, knownvalue.StringExact("LYABCDEI")))
}

func TestAccAccountCommonNameFunction_unknown(t *testing.T) {
	e := newAccEnv(t)
	// An input known only after apply gives a result known only after apply.
	e.testFunction(t, e.functionUnknownStep(`account_common_name(%s)`, "krn:partner:global:account:live:LYABCDEI", knownvalue.StringExact("LYABCDEI")))
}

func TestAccAccountCommonNameFunction_badInput(t *testing.T) {
	testFunctionBadInput(t, []functionBadInputCase{
		{"common name of a malformed account", `account_common_name("LYABCDEI")`, []string{"Invalid function argument", "does not start with"}},
		{"null account", `account_common_name(null)`, []string{"Invalid function argument", "account_id", "must not be null"}},
	})
}
