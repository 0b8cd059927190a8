package mockapi

import (
	"fmt"
	"net/http"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

func (s *Server) whoAmI(c *reqCtx) reply {
	return reply{status: http.StatusOK, body: accountView{
		AccountID:   c.caller.id,
		Environment: s.env,
		MTLSEnabled: c.caller.mtlsEnabled,
	}}
}

func (s *Server) createAPIKey(c *reqCtx) reply {
	var req createAPIKeyRequest
	if rep, ok := decodeOptional(c.body, &req); !ok {
		return rep
	}
	if err := apirules.CheckDescription(req.Description); err != nil {
		return validationError("description", err.Error())
	}
	cred := s.addAPIKey(c.target, req.Description, c.now)
	return reply{status: http.StatusCreated, body: createdAPIKey{APIKey: cred.apiKey(s.env), Secret: cred.secret}}
}

func (s *Server) createClientID(c *reqCtx) reply {
	var req createClientIDRequest
	if rep, ok := decodeStrict(c.body, &req); !ok {
		return rep
	}
	if err := apirules.CheckDescription(req.Description); err != nil {
		return validationError("description", err.Error())
	}
	if rep, ok := checkOrigins(req.AllowedOrigins); !ok {
		return rep
	}
	cred := &credential{
		id:          newUUID(),
		clientID:    "klarna_" + s.krnEnv + "_client_" + randomString(40, alnum),
		description: req.Description,
		origins:     append([]string(nil), req.AllowedOrigins...),
		status:      apirules.StatusEnabled,
		createdAt:   c.now,
		activityAt:  c.now,
	}
	c.target.clients[cred.id] = cred
	return reply{status: http.StatusCreated, body: cred.clientIDView(s.env)}
}

// credentialUpdate is a PATCH request of either kind of credential.
type credentialUpdate interface {
	updateAPIKeyRequest | updateClientIDRequest
}

// credentialKind is what tells API keys and client IDs apart on the list, get, update and
// delete routes: V is the kind's wire view, U its PATCH request.
type credentialKind[V any, U credentialUpdate] struct {
	what string // the kind's name in a 404
	set  func(a *account) map[string]*credential
	view func(c *credential, env string) V
	// listBody wraps the views in the kind's list response.
	listBody func(views []V) any
	// changes reads what a PATCH asks for; origins is nil when it leaves them as they are.
	changes func(req U) (description, status *string, origins []string)
}

var (
	apiKeys = credentialKind[APIKey, updateAPIKeyRequest]{
		what:     "API key",
		set:      func(a *account) map[string]*credential { return a.apiKeys },
		view:     (*credential).apiKey,
		listBody: func(views []APIKey) any { return apiKeyList{APIKeys: views} },
		changes: func(req updateAPIKeyRequest) (*string, *string, []string) {
			return req.Description, req.Status, nil
		},
	}
	clientIDs = credentialKind[ClientID, updateClientIDRequest]{
		what:     "client ID",
		set:      func(a *account) map[string]*credential { return a.clients },
		view:     (*credential).clientIDView,
		listBody: func(views []ClientID) any { return clientIDList{ClientIDs: views} },
		changes: func(req updateClientIDRequest) (*string, *string, []string) {
			return req.Description, req.Status, req.AllowedOrigins
		},
	}
)

// views returns the account's credentials of the kind, oldest first.
func (k credentialKind[V, U]) views(a *account, env string) []V {
	return viewsOf(k.set(a), func(cred *credential) V { return k.view(cred, env) })
}

func (k credentialKind[V, U]) list(s *Server, c *reqCtx) reply {
	return reply{status: http.StatusOK, body: k.listBody(k.views(c.target, s.env))}
}

func (k credentialKind[V, U]) get(s *Server, c *reqCtx) reply {
	cred, rep, ok := k.find(c)
	if !ok {
		return rep
	}
	return reply{status: http.StatusOK, body: k.view(cred, s.env)}
}

func (k credentialKind[V, U]) update(s *Server, c *reqCtx) reply {
	cred, rep, ok := k.find(c)
	if !ok {
		return rep
	}
	var req U
	if rep, ok := decodeOptional(c.body, &req); !ok {
		return rep
	}
	description, status, origins := k.changes(req)
	if origins != nil {
		if rep, ok := checkOrigins(origins); !ok {
			return rep
		}
	}
	if rep, ok := applyCredentialUpdate(c, cred, description, status, origins); !ok {
		return rep
	}
	return reply{status: http.StatusOK, body: k.view(cred, s.env)}
}

// remove deletes the credential; a deleted API key's secret stops authenticating.
func (k credentialKind[V, U]) remove(s *Server, c *reqCtx) reply {
	cred, rep, ok := k.find(c)
	if !ok {
		return rep
	}
	delete(k.set(c.target), cred.id)
	s.forgetSecret(cred.secret)
	return reply{status: http.StatusNoContent}
}

func (k credentialKind[V, U]) find(c *reqCtx) (*credential, reply, bool) {
	id := c.r.PathValue("id")
	cred := k.set(c.target)[id]
	if cred == nil {
		return nil, notFound(k.what, id), false
	}
	return cred, reply{}, true
}

// applyCredentialUpdate validates a PATCH in full and then applies it, so a refused PATCH
// changes nothing.
func applyCredentialUpdate(c *reqCtx, cred *credential, description, status *string, origins []string) (reply, bool) {
	if description != nil {
		if err := apirules.CheckDescription(*description); err != nil {
			return validationError("description", err.Error()), false
		}
	}
	if status != nil {
		switch *status {
		case apirules.StatusEnabled:
			if cred.status == apirules.StatusDisabled && cred.disabledReason == apirules.DisabledSecurity {
				return conflict(codeCredentialDisabledByKlarna,
					"Klarna disabled this credential because it may be compromised; it cannot be enabled again: create a new credential and contact Partner support"), false
			}
		case apirules.StatusDisabled:
		default:
			return validationError("status", fmt.Sprintf("status %q is not one of ENABLED, DISABLED", *status)), false
		}
	}
	if description != nil {
		cred.description = *description
	}
	if origins != nil {
		cred.origins = append([]string(nil), origins...)
	}
	if status != nil && *status != cred.status {
		cred.status = *status
		if *status == apirules.StatusEnabled {
			cred.disabledReason = ""
			cred.activityAt = c.now
		} else {
			cred.disabledReason = apirules.DisabledManual
			cred.disabledAt = c.now
		}
	}
	return reply{}, true
}

func checkOrigins(origins []string) (reply, bool) {
	if len(origins) < apirules.MinOrigins || len(origins) > apirules.MaxOrigins {
		return validationError("allowed_origins", fmt.Sprintf("%d origins given; between %d and %d are required", len(origins), apirules.MinOrigins, apirules.MaxOrigins)), false
	}
	seen := map[string]bool{}
	for i, o := range origins {
		param := fmt.Sprintf("allowed_origins[%d]", i)
		if err := apirules.CheckOrigin(o); err != nil {
			return validationError(param, err.Error()), false
		}
		if seen[o] {
			return validationError(param, fmt.Sprintf("origin %q is listed twice", o)), false
		}
		seen[o] = true
	}
	return reply{}, true
}
