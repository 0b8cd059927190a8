// Package openapi holds the partner management API's wire contract as one OpenAPI 3.0.3
// document (openapi.yaml) and validates requests and responses against it.
//
// The mock API checks what it receives with Validator.ValidateRequest, answering the
// violations as 400 VALIDATION_ERROR, and checks what it is about to send with
// Validator.ValidateResponse. Authentication is not checked here: the mock does that itself.
package openapi

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

//go:embed openapi.yaml
var spec []byte

// Load parses the document and validates it as OpenAPI 3.0.3.
func Load() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("openapi: loading the document: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi: validating the document: %w", err)
	}
	return doc, nil
}

// Operation is one operation of the document.
type Operation struct {
	Method      string // upper case, e.g. "POST"
	Path        string // the path template, e.g. "/v2/accounts/{account_id}/credentials/api-keys"
	OperationID string
}

// Operations lists every operation of the document, sorted by path and then by method.
func Operations() ([]Operation, error) {
	doc, err := Load()
	if err != nil {
		return nil, err
	}
	return operationsOf(doc), nil
}

func operationsOf(doc *openapi3.T) []Operation {
	var ops []Operation
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops = append(ops, Operation{Method: method, Path: path, OperationID: op.OperationID})
		}
	}
	slices.SortFunc(ops, func(a, b Operation) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Method, b.Method)
	})
	return ops
}

// ErrNoRoute is returned for a request whose method and path are not an operation of the contract.
var ErrNoRoute = errors.New("openapi: no operation of the contract matches the request")

// ErrMethodNotAllowed is returned for a request whose path is in the contract but whose method
// is not. It wraps ErrNoRoute, so errors.Is(err, ErrNoRoute) holds for it too.
var ErrMethodNotAllowed = fmt.Errorf("%w: the path does not take this method", ErrNoRoute)

// Violation is one way a request breaks the contract.
type Violation struct {
	// Parameter names what is wrong as a user would: a body field path such as
	// "description", "allowed_origins[2]" or "usage"; a query parameter such as "principal";
	// a header such as "Klarna-Idempotency-Key"; a path parameter such as "credential_id";
	// "Content-Type" for a body that is not JSON by its header; or "body" for the body as a
	// whole (missing, not JSON, not an object).
	Parameter string
	// Message says what the contract wants, without quoting the value sent.
	Message string
}

// RequestError lists every violation found in a request, sorted by parameter.
type RequestError struct {
	Violations []Violation
}

func (e *RequestError) Error() string {
	parts := make([]string, 0, len(e.Violations))
	for _, v := range e.Violations {
		parts = append(parts, v.Parameter+": "+v.Message)
	}
	return "openapi: the request does not match the contract: " + strings.Join(parts, "; ")
}

// ResponseError says how a response breaks the contract.
type ResponseError struct {
	Method string // the request's method
	Path   string // the matched path template
	Status int
	Err    error
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("openapi: the %d response to %s %s does not match the contract: %v", e.Status, e.Method, e.Path, e.Err)
}

func (e *ResponseError) Unwrap() error { return e.Err }

// Validator checks requests and responses against the document. It is safe for concurrent use.
type Validator struct {
	router routers.Router
}

// NewValidator loads the document and builds a Validator. The document's servers are
// ignored, so a request to any host (a mock on 127.0.0.1:PORT) is matched by its path alone.
func NewValidator() (*Validator, error) {
	doc, err := Load()
	if err != nil {
		return nil, err
	}
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: building the router: %w", err)
	}
	return &Validator{router: router}, nil
}

// uuidPattern is RFC 9562's UUID layout (versions 1 to 8, the Nil and the Max UUID).
var uuidPattern = openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562)

var dateTimePattern = regexp.MustCompile(openapi3.FormatOfStringDateTime)

// dateTime accepts an RFC 3339 time with a zone that names a real instant.
var dateTime = openapi3.NewCallbackValidator(func(s string) error {
	if !dateTimePattern.MatchString(s) {
		return errors.New("not an RFC 3339 date-time with a zone")
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
		return errors.New("not a valid RFC 3339 date-time")
	}
	return nil
})

var email = openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail)

// uri accepts an absolute URI (RFC 3986) with a scheme and a host, such as a deep-link url or
// a doc_url: printable ASCII, without spaces or the characters a URI may not hold.
var uri = openapi3.NewCallbackValidator(func(s string) error {
	for i := range len(s) {
		if c := s[i]; c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0 {
			return errors.New("not a URI: it holds a character a URI may not hold")
		}
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return errors.New("not a URI")
	case u.Scheme == "" || u.Opaque != "":
		return errors.New("not an absolute URI with a scheme")
	case u.Host == "":
		return errors.New("not a URI with a host")
	}
	return nil
})

// options returns fresh validation options: no authentication, every violation reported,
// the document's formats enforced and no values echoed in messages.
func options() *openapi3filter.Options {
	return &openapi3filter.Options{
		AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
		MultiError:          true,
		SkipSettingDefaults: true,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.WithStringFormatValidator("uuid", uuidPattern),
			openapi3.WithStringFormatValidator("date-time", dateTime),
			openapi3.WithStringFormatValidator("email", email),
			openapi3.WithStringFormatValidator("uri", uri),
			openapi3.DisableSchemaErrorDetails(),
		},
	}
}

// findRoute matches r's method and path (escaped or not) against the document.
func (v *Validator) findRoute(r *http.Request) (*routers.Route, map[string]string, error) {
	// Path templates are matched exactly: a trailing slash names no operation.
	if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
		return nil, nil, ErrNoRoute
	}
	route, params, err := v.router.FindRoute(r)
	if err == nil {
		return route, params, nil
	}
	for _, m := range methods {
		if m == r.Method {
			continue
		}
		other := *r
		other.Method = m
		if _, _, err := v.router.FindRoute(&other); err == nil {
			return nil, nil, ErrMethodNotAllowed
		}
	}
	return nil, nil, ErrNoRoute
}

// methods are the HTTP methods the document uses.
var methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// ValidateRequest checks r's method, path, query, headers and body against the contract.
// The body is passed separately; r.Body is not read and r is not changed. Authentication is
// not checked. It returns nil, an error wrapping ErrNoRoute, or a *RequestError.
func (v *Validator) ValidateRequest(r *http.Request, body []byte) error {
	route, params, err := v.findRoute(r)
	if err != nil {
		return err
	}
	req := r.Clone(r.Context())
	req.GetBody = nil
	req.ContentLength = int64(len(body))
	if len(body) == 0 {
		req.Body = http.NoBody
	} else {
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	input := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route:      route,
		Options:    options(),
	}
	if err := openapi3filter.ValidateRequest(r.Context(), input); err != nil {
		return &RequestError{Violations: violations(err)}
	}
	return nil
}

// ValidateResponse checks a response about to be sent for r: its status must be one the
// operation lists, and its headers and body must match that response. A 403 with an empty
// body (a DDoS block) is allowed. It returns nil, an error wrapping ErrNoRoute, or a
// *ResponseError.
func (v *Validator) ValidateResponse(r *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := v.findRoute(r)
	if err != nil {
		return err
	}
	fail := func(err error) error {
		return &ResponseError{Method: r.Method, Path: route.Path, Status: status, Err: err}
	}
	ref := route.Operation.Responses.Status(status)
	if ref == nil || ref.Value == nil {
		return fail(fmt.Errorf("the operation %s does not list status %d", route.Operation.OperationID, status))
	}
	ddosBlock := status == http.StatusForbidden && len(body) == 0
	switch {
	case len(ref.Value.Content) == 0 && len(body) > 0:
		return fail(fmt.Errorf("a %d response of %s has no body", status, route.Operation.OperationID))
	case len(ref.Value.Content) > 0 && len(body) == 0 && !ddosBlock:
		return fail(fmt.Errorf("a %d response of %s needs a JSON body", status, route.Operation.OperationID))
	}
	if header == nil {
		header = http.Header{}
	}
	opts := options()
	opts.IncludeResponseStatus = true
	opts.ExcludeResponseBody = ddosBlock
	req := r.Clone(r.Context())
	req.Body = http.NoBody
	req.GetBody = nil
	req.ContentLength = 0
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: params,
			Route:      route,
			Options:    opts,
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: opts,
	}
	if err := openapi3filter.ValidateResponse(r.Context(), input); err != nil {
		return fail(err)
	}
	return nil
}

// violations turns the errors of openapi3filter.ValidateRequest into violations, sorted and
// without repeats.
func violations(err error) []Violation {
	var out []Violation
	collectViolations(err, &out)
	slices.SortFunc(out, func(a, b Violation) int {
		if c := strings.Compare(a.Parameter, b.Parameter); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	out = slices.Compact(out)
	if len(out) == 0 {
		out = []Violation{{Parameter: "body", Message: "the request does not match the contract"}}
	}
	return out
}

func collectViolations(err error, out *[]Violation) {
	// Only a MultiError at the top: one inside a RequestError belongs to that request error.
	if me, ok := err.(openapi3.MultiError); ok { //nolint:errorlint // see above
		for _, e := range me {
			collectViolations(e, out)
		}
		return
	}
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		*out = append(*out, Violation{Parameter: "", Message: err.Error()})
		return
	}
	switch {
	case re.Parameter != nil:
		name := re.Parameter.Name
		if ses := schemaErrors(re.Err); len(ses) > 0 {
			for _, se := range ses {
				*out = append(*out, Violation{Parameter: name, Message: schemaMessage(se)})
			}
			return
		}
		*out = append(*out, Violation{Parameter: name, Message: parameterMessage(re)})
	case re.RequestBody != nil:
		if ses := schemaErrors(re.Err); len(ses) > 0 {
			for _, se := range ses {
				*out = append(*out, Violation{Parameter: fieldPath(se), Message: schemaMessage(se)})
			}
			return
		}
		*out = append(*out, bodyViolation(re))
	default:
		*out = append(*out, Violation{Parameter: "", Message: re.Error()})
	}
}

// schemaErrors returns the schema errors within err, each a single violation.
func schemaErrors(err error) []*openapi3.SchemaError {
	switch e := err.(type) { //nolint:errorlint // walks the error tree itself, one level at a time
	case nil:
		return nil
	case *openapi3.SchemaError:
		return []*openapi3.SchemaError{e}
	case openapi3.MultiError:
		var out []*openapi3.SchemaError
		for _, x := range e {
			out = append(out, schemaErrors(x)...)
		}
		return out
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		return []*openapi3.SchemaError{se}
	}
	return nil
}

var unsupportedProperty = regexp.MustCompile(`^property "(.*)" is unsupported$`)

// fieldPath names the body field a schema error is about, e.g. "allowed_origins[2]".
func fieldPath(se *openapi3.SchemaError) string {
	segments := se.JSONPointer()
	if se.SchemaField == "properties" {
		if m := unsupportedProperty.FindStringSubmatch(se.Reason); m != nil {
			segments = append(slices.Clone(segments), m[1])
		}
	}
	var b strings.Builder
	for _, s := range segments {
		if _, err := strconv.Atoi(s); err == nil {
			b.WriteString("[" + s + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	if b.Len() == 0 {
		return "body"
	}
	return b.String()
}

// formatNames describe the string formats of the document.
var formatNames = map[string]string{
	"uuid":      "a UUID",
	"date-time": "an RFC 3339 date-time with a zone, e.g. 2026-11-22T07:45:00Z",
	"email":     "an email address",
	"uri":       "an absolute URI such as https://example.com/path",
}

// schemaMessage says what the schema wants, without quoting the value sent.
func schemaMessage(se *openapi3.SchemaError) string {
	s := se.Schema
	switch se.SchemaField {
	case "required":
		return "is required"
	case "properties":
		return "is not a field of this request"
	case "nullable":
		return "must not be null"
	case "type":
		return "must be " + describeType(s)
	case "enum":
		return "must be one of " + describeEnum(s.Enum)
	case "minLength":
		return fmt.Sprintf("must be at least %d characters long", s.MinLength)
	case "maxLength":
		if s.MaxLength != nil {
			return fmt.Sprintf("must be at most %d characters long", *s.MaxLength)
		}
	case "pattern":
		return "must match the pattern " + s.Pattern
	case "format":
		if name, ok := formatNames[s.Format]; ok {
			return "must be " + name
		}
		return "must be of the format " + s.Format
	case "minItems":
		return fmt.Sprintf("must have at least %d items", s.MinItems)
	case "maxItems":
		if s.MaxItems != nil {
			return fmt.Sprintf("must have at most %d items", *s.MaxItems)
		}
	case "anyOf", "oneOf":
		alts := s.AnyOf
		if se.SchemaField == "oneOf" {
			alts = s.OneOf
		}
		var forms []string
		for _, alt := range alts {
			if alt.Value != nil {
				forms = append(forms, describe(alt.Value))
			}
		}
		if len(forms) > 0 {
			return "must be " + strings.Join(forms, " or ")
		}
	}
	if se.Reason != "" {
		return se.Reason
	}
	return "is not valid"
}

// describe names the values a schema accepts, for the alternatives of anyOf and oneOf.
func describe(s *openapi3.Schema) string {
	switch {
	case len(s.Enum) == 1:
		return describeEnum(s.Enum)
	case len(s.Enum) > 1:
		return "one of " + describeEnum(s.Enum)
	case s.Format != "":
		if name, ok := formatNames[s.Format]; ok {
			return name
		}
		return "a string of the format " + s.Format
	}
	return describeType(s)
}

func describeType(s *openapi3.Schema) string {
	if s.Type == nil || len(*s.Type) == 0 {
		return "a valid value"
	}
	var names []string
	for _, t := range *s.Type {
		switch t {
		case openapi3.TypeArray, openapi3.TypeInteger, openapi3.TypeObject:
			names = append(names, "an "+t)
		default:
			names = append(names, "a "+t)
		}
	}
	return strings.Join(names, " or ")
}

func describeEnum(values []any) string {
	var parts []string
	for _, v := range values {
		if v == nil {
			continue
		}
		parts = append(parts, strconv.Quote(fmt.Sprint(v)))
	}
	return strings.Join(parts, ", ")
}

// parameterMessage describes a path, query or header parameter that could not be checked
// against its schema: missing, empty or not parseable.
func parameterMessage(re *openapi3filter.RequestError) string {
	switch {
	case errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
		return "is required"
	case errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue):
		return "must not be empty"
	}
	var pe *openapi3filter.ParseError
	if errors.As(re.Err, &pe) {
		return "could not be parsed: " + pe.Error()
	}
	if re.Reason != "" {
		return re.Reason
	}
	return "is not valid"
}

// bodyViolation describes a body that could not be checked against its schema.
func bodyViolation(re *openapi3filter.RequestError) Violation {
	switch {
	case errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
		return Violation{Parameter: "body", Message: "a JSON body is required"}
	case re.Err == nil && strings.HasPrefix(re.Reason, "header Content-Type has unexpected value"):
		return Violation{Parameter: "Content-Type", Message: "must be application/json"}
	case re.Err != nil:
		return Violation{Parameter: "body", Message: "is not valid JSON"}
	}
	return Violation{Parameter: "body", Message: re.Reason}
}
