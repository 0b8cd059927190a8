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

func (s *Server) listAPIKeys(c *reqCtx) reply {
	out := apiKeyList{APIKeys: []APIKey{}}
	for _, cred := range sortedCredentials(c.target.apiKeys) {
		out.APIKeys = append(out.APIKeys, cred.apiKey(s.env))
	}
	return reply{status: http.StatusOK, body: out}
}

func (s *Server) getAPIKey(c *reqCtx) reply {
	cred, rep, ok := findCredential(c, c.target.apiKeys, "API key")
	if !ok {
		return rep
	}
	return reply{status: http.StatusOK, body: cred.apiKey(s.env)}
}

func (s *Server) updateAPIKey(c *reqCtx) reply {
	cred, rep, ok := findCredential(c, c.target.apiKeys, "API key")
	if !ok {
		return rep
	}
	var req updateAPIKeyRequest
	if rep, ok := decodeOptional(c.body, &req); !ok {
		return rep
	}
	if rep, ok := applyCredentialUpdate(c, cred, req.Description, req.Status, nil); !ok {
		return rep
	}
	return reply{status: http.StatusOK, body: cred.apiKey(s.env)}
}

func (s *Server) deleteAPIKey(c *reqCtx) reply {
	cred, rep, ok := findCredential(c, c.target.apiKeys, "API key")
	if !ok {
		return rep
	}
	delete(c.target.apiKeys, cred.id)
	s.forgetSecret(cred.secret)
	return reply{status: http.StatusNoContent}
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

func (s *Server) listClientIDs(c *reqCtx) reply {
	out := clientIDList{ClientIDs: []ClientID{}}
	for _, cred := range sortedCredentials(c.target.clients) {
		out.ClientIDs = append(out.ClientIDs, cred.clientIDView(s.env))
	}
	return reply{status: http.StatusOK, body: out}
}

func (s *Server) getClientID(c *reqCtx) reply {
	cred, rep, ok := findCredential(c, c.target.clients, "client ID")
	if !ok {
		return rep
	}
	return reply{status: http.StatusOK, body: cred.clientIDView(s.env)}
}

func (s *Server) updateClientID(c *reqCtx) reply {
	cred, rep, ok := findCredential(c, c.target.clients, "client ID")
	if !ok {
		return rep
	}
	var req updateClientIDRequest
	if rep, ok := decodeOptional(c.body, &req); !ok {
		return rep
	}
	if req.AllowedOrigins != nil {
		if rep, ok := checkOrigins(req.AllowedOrigins); !ok {
			return rep
		}
	}
	if rep, ok := applyCredentialUpdate(c, cred, req.Description, req.Status, req.AllowedOrigins); !ok {
		return rep
	}
	return reply{status: http.StatusOK, body: cred.clientIDView(s.env)}
}

func (s *Server) deleteClientID(c *reqCtx) reply {
	cred, rep, ok := findCredential(c, c.target.clients, "client ID")
	if !ok {
		return rep
	}
	delete(c.target.clients, cred.id)
	return reply{status: http.StatusNoContent}
}

func findCredential(c *reqCtx, set map[string]*credential, what string) (*credential, reply, bool) {
	id := c.r.PathValue("id")
	cred := set[id]
	if cred == nil {
		return nil, notFound(what, id), false
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
