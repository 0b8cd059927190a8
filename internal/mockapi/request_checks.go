package mockapi

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/openapi"
)

// checkRequest applies the checks that need no state to a request of a registered API
// route: its query parameters, repeated header parameters, repeated members in its JSON body, and the request against
// the OpenAPI document. It returns the
// reply that refuses the request, or nil. The pipeline sends that reply only after
// authentication, mTLS, idempotency and the account boundary, as the API orders them.
func (s *Server) checkRequest(r *http.Request, body []byte) *reply {
	problems := s.apiQueryProblems(r)
	problems = append(problems, s.repeatedHeaders(r)...)
	problems = append(problems, duplicateMembers(body)...)
	if s.validator != nil {
		if err := s.validator.ValidateRequest(r, body); err != nil {
			var re *openapi.RequestError
			if !errors.As(err, &re) {
				rep := contractReply(err)
				return &rep
			}
			for _, v := range re.Violations {
				problems = append(problems, errorDetail{Parameter: v.Parameter, ErrorMessage: v.Message})
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	slices.SortStableFunc(problems, func(a, b errorDetail) int { return strings.Compare(a.Parameter, b.Parameter) })
	rep := validationErrors(slices.Compact(problems))
	return &rep
}
