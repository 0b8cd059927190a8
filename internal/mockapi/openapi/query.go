package openapi

import (
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// QueryParameters maps every operation of the document, written "METHOD /path/template"
// (e.g. "DELETE /v2/account/portal/user-access"), to the sorted names of the query
// parameters it defines, at the path or at the operation. An operation that defines none
// maps to an empty slice. The validator reads only the parameters it knows, so refusing
// the others is up to the caller.
func QueryParameters() (map[string][]string, error) {
	return parameters(openapi3.ParameterInQuery)
}

// HeaderParameters is QueryParameters for the header parameters (Klarna-Idempotency-Key,
// Partner-Correlation-Id), by their canonical names. The validator reads only the first
// of repeated headers, so refusing repeats is up to the caller.
func HeaderParameters() (map[string][]string, error) {
	return parameters(openapi3.ParameterInHeader)
}

func parameters(in string) (map[string][]string, error) {
	doc, err := Load()
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			names := []string{}
			for _, params := range []openapi3.Parameters{item.Parameters, op.Parameters} {
				for _, p := range params {
					if p.Value != nil && p.Value.In == in && !slices.Contains(names, p.Value.Name) {
						names = append(names, p.Value.Name)
					}
				}
			}
			slices.Sort(names)
			out[method+" "+path] = names
		}
	}
	return out, nil
}
