package mockapi

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/openapi"
)

// Query parameters: a route takes exactly the query parameters its operation in the OpenAPI
// document defines, each at most once. Anything else is refused with 400 VALIDATION_ERROR
// naming the parameter, so that a misspelt filter (DELETE .../user-access?principle=...)
// never widens a request. The validator reads only the parameters it knows and the first
// of repeated values, so this check is the mock's own.

// placeholder is a path template's parameter, {account_id} or {credential_id}.
var placeholder = regexp.MustCompile(`\{[^{}/]*\}`)

// routeKey writes a route as "METHOD /path" with every placeholder emptied ("{}"), so that
// the mux's patterns ({id}) and the document's templates ({credential_id}) meet.
func routeKey(method, path string) string {
	return method + " " + placeholder.ReplaceAllString(path, "{}")
}

// loadQueryRules reads every operation's query parameters from the OpenAPI document.
func loadQueryRules() (map[string][]string, error) {
	return byRouteKey(openapi.QueryParameters())
}

// loadHeaderRules reads every operation's header parameters from the OpenAPI document.
func loadHeaderRules() (map[string][]string, error) {
	return byRouteKey(openapi.HeaderParameters())
}

func byRouteKey(ops map[string][]string, err error) (map[string][]string, error) {
	if err != nil {
		return nil, err
	}
	rules := make(map[string][]string, len(ops))
	for op, names := range ops {
		method, path, _ := strings.Cut(op, " ")
		rules[routeKey(method, path)] = names
	}
	return rules, nil
}

// checkRouteQueryRules makes sure every registered API route has its operation in the
// document, so that no route goes without a query rule.
func (s *Server) checkRouteQueryRules() error {
	for _, pattern := range s.patterns {
		method, path, _ := strings.Cut(pattern, " ")
		if _, ok := s.queryRules[routeKey(method, path)]; !ok {
			return fmt.Errorf("route %s has no operation in the OpenAPI document", pattern)
		}
	}
	return nil
}

// apiQueryProblems checks the query of a request to a registered API route.
func (s *Server) apiQueryProblems(r *http.Request) []errorDetail {
	method, path, _ := strings.Cut(r.Pattern, " ")
	return queryProblems(r.URL.RawQuery, s.queryRules[routeKey(method, path)])
}

// repeatedHeaders names every header parameter of the request's operation that is given
// more than once: the validator and the pipeline read only the first, so a second one
// would be silently ignored.
func (s *Server) repeatedHeaders(r *http.Request) []errorDetail {
	method, path, _ := strings.Cut(r.Pattern, " ")
	var out []errorDetail
	for _, name := range s.headerRules[routeKey(method, path)] {
		if len(r.Header.Values(name)) > 1 {
			out = append(out, errorDetail{Parameter: name, ErrorMessage: "is given more than once; give it at most once"})
		}
	}
	return out
}

// controlQuery lists the query parameters of the control plane's routes, by mux pattern:
// only the portal login takes one. The control plane follows the API's rule, because a
// misspelt parameter that a test harness silently ignores hides the harness's mistake.
var controlQuery = map[string][]string{
	"GET /_mock/portal/login": {"token"},
}

// controlQueryProblems checks the query of a request to a control-plane route; a path the
// control plane does not serve is left to its own 404 or 405.
func (s *Server) controlQueryProblems(r *http.Request) []errorDetail {
	_, pattern := s.control.Handler(r)
	if pattern == "" {
		return nil
	}
	return queryProblems(r.URL.RawQuery, controlQuery[pattern])
}

// queryProblems names every query parameter of rawQuery that allowed does not hold, that
// is given more than once, or that cannot be decoded. It parses the query itself:
// url.ParseQuery drops a pair it cannot decode, which would silently drop a filter.
func queryProblems(rawQuery string, allowed []string) []errorDetail {
	var out []errorDetail
	add := func(name, msg string) {
		d := errorDetail{Parameter: name, ErrorMessage: msg}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	takes := "it takes none"
	if len(allowed) > 0 {
		takes = "it takes " + strings.Join(allowed, ", ")
	}
	seen := map[string]bool{}
	for _, pair := range strings.Split(rawQuery, "&") {
		if pair == "" {
			continue
		}
		rawName, rawValue, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			add(rawName, "is not a validly escaped query parameter name")
			continue
		}
		switch {
		case !slices.Contains(allowed, name):
			add(name, "is not a query parameter of this operation; "+takes)
		case seen[name]:
			add(name, "is given more than once; give it at most once")
		}
		seen[name] = true
		if strings.Contains(pair, ";") {
			add(name, "holds a semicolon, which does not separate query parameters; escape it as %3B")
		} else if _, err := url.QueryUnescape(rawValue); err != nil {
			add(name, "has a value that is not validly escaped")
		}
	}
	return out
}
