package mockapi

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

// signingKey is a webhook signing key of an account.
type signingKey struct {
	id        string
	secret    string
	createdAt time.Time
}

// webhook is a registered webhook of an account.
type webhook struct {
	id           string
	url          string
	eventTypes   []string
	signingKeyID string
	status       string
	createdAt    time.Time
}

const webhookIDPrefix = "krn:partner:global:notification:webhook:"

func (k *signingKey) view() SigningKey {
	return SigningKey{SigningKeyID: k.id, CreatedAt: k.createdAt}
}

func (w *webhook) view() Webhook {
	return Webhook{
		WebhookID:    w.id,
		URL:          w.url,
		EventTypes:   append([]string{}, w.eventTypes...),
		EventVersion: apirules.EventVersionV1,
		SigningKeyID: w.signingKeyID,
		Status:       w.status,
		CreatedAt:    w.createdAt,
	}
}

// newSigningSecret is 32 random bytes in URL-safe base64 without padding: 43 characters.
func newSigningSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Server) createSigningKey(c *reqCtx) reply {
	if len(c.target.signingKeys) >= apirules.MaxSigningKeys {
		return conflict(codeSigningKeyLimitReached,
			fmt.Sprintf("the account already has %d webhook signing keys, the most it may hold; delete one first", apirules.MaxSigningKeys))
	}
	k := &signingKey{id: newUUID(), secret: newSigningSecret(), createdAt: c.now}
	c.target.signingKeys[k.id] = k
	return reply{status: http.StatusCreated, body: createdSigningKey{SigningKey: k.view(), Secret: k.secret}}
}

func (s *Server) listSigningKeys(c *reqCtx) reply {
	return reply{status: http.StatusOK, body: signingKeyList{SigningKeys: viewsOf(c.target.signingKeys, (*signingKey).view)}}
}

func (s *Server) getSigningKey(c *reqCtx) reply {
	k := c.target.signingKeys[c.r.PathValue("id")]
	if k == nil {
		return notFound("webhook signing key", c.r.PathValue("id"))
	}
	return reply{status: http.StatusOK, body: k.view()}
}

func (s *Server) deleteSigningKey(c *reqCtx) reply {
	k := c.target.signingKeys[c.r.PathValue("id")]
	if k == nil {
		return notFound("webhook signing key", c.r.PathValue("id"))
	}
	for _, w := range oldestFirst(c.target.webhooks) {
		if w.signingKeyID == k.id {
			return conflict(codeSigningKeyInUse,
				fmt.Sprintf("webhook %s still signs its deliveries with this key; point it at another key first", w.id))
		}
	}
	delete(c.target.signingKeys, k.id)
	return reply{status: http.StatusNoContent}
}

func (s *Server) createWebhook(c *reqCtx) reply {
	var req createWebhookRequest
	if rep, ok := decodeStrict(c.body, &req); !ok {
		return rep
	}
	if rep, ok := checkWebhookURL(req.URL); !ok {
		return rep
	}
	if rep, ok := checkEventTypes(req.EventTypes); !ok {
		return rep
	}
	if req.EventVersion != "" && req.EventVersion != apirules.EventVersionV1 {
		return validationError("event_version", "must be "+apirules.EventVersionV1)
	}
	status := webhookEnabled
	if req.Status != "" {
		status = req.Status
	}
	if rep, ok := checkWebhookStatus(status); !ok {
		return rep
	}
	keyID := strings.ToLower(req.SigningKeyID)
	if c.target.signingKeys[keyID] == nil {
		return validationError("signing_key_id", "not a webhook signing key of the account")
	}
	if dup := duplicateWebhook(c.target, "", req.URL, req.EventTypes); dup != nil {
		return conflict(codeWebhookAlreadyExists,
			fmt.Sprintf("webhook %s already delivers the same event types to the same url", dup.id))
	}
	w := &webhook{
		id:           webhookIDPrefix + newUUID(),
		url:          req.URL,
		eventTypes:   append([]string(nil), req.EventTypes...),
		signingKeyID: keyID,
		status:       status,
		createdAt:    c.now,
	}
	c.target.webhooks[w.id] = w
	return reply{status: http.StatusCreated, body: w.view()}
}

func (s *Server) listWebhooks(c *reqCtx) reply {
	return reply{status: http.StatusOK, body: webhookList{Webhooks: viewsOf(c.target.webhooks, (*webhook).view)}}
}

// findWebhook finds the path's webhook; its ID is compared without regard to case.
func findWebhook(c *reqCtx) (*webhook, reply, bool) {
	id := strings.ToLower(c.r.PathValue("id"))
	w := c.target.webhooks[id]
	if w == nil {
		return nil, notFound("webhook", id), false
	}
	return w, reply{}, true
}

func (s *Server) getWebhook(c *reqCtx) reply {
	w, rep, ok := findWebhook(c)
	if !ok {
		return rep
	}
	return reply{status: http.StatusOK, body: w.view()}
}

func (s *Server) updateWebhook(c *reqCtx) reply {
	w, rep, ok := findWebhook(c)
	if !ok {
		return rep
	}
	var req updateWebhookRequest
	if rep, ok := decodeStrict(c.body, &req); !ok {
		return rep
	}
	eventTypes := w.eventTypes
	if req.EventTypes != nil {
		if rep, ok := checkEventTypes(req.EventTypes); !ok {
			return rep
		}
		eventTypes = req.EventTypes
	}
	keyID := w.signingKeyID
	if req.SigningKeyID != nil {
		keyID = strings.ToLower(*req.SigningKeyID)
		if c.target.signingKeys[keyID] == nil {
			return validationError("signing_key_id", "not a webhook signing key of the account")
		}
	}
	status := w.status
	if req.Status != nil {
		if rep, ok := checkWebhookStatus(*req.Status); !ok {
			return rep
		}
		status = *req.Status
	}
	if dup := duplicateWebhook(c.target, w.id, w.url, eventTypes); dup != nil {
		return conflict(codeWebhookAlreadyExists,
			fmt.Sprintf("webhook %s already delivers the same event types to the same url", dup.id))
	}
	w.eventTypes = append([]string(nil), eventTypes...)
	w.signingKeyID, w.status = keyID, status
	return reply{status: http.StatusOK, body: w.view()}
}

func (s *Server) deleteWebhook(c *reqCtx) reply {
	w, rep, ok := findWebhook(c)
	if !ok {
		return rep
	}
	delete(c.target.webhooks, w.id)
	return reply{status: http.StatusNoContent}
}

// checkWebhookURL applies the API's URL rules and the mock's own: it delivers to loopback
// addresses only, so that it never sends a request off this machine.
func checkWebhookURL(raw string) (reply, bool) {
	if err := apirules.CheckWebhookURL(raw); err != nil {
		return validationError("url", err.Error()), false
	}
	u, _ := url.Parse(raw)
	if !apirules.IsLoopbackHost(u.Hostname()) {
		return validationError("url", "the mock delivers webhooks to loopback addresses only (127.0.0.0/8, ::1 or localhost)"), false
	}
	return reply{}, true
}

func checkEventTypes(types []string) (reply, bool) {
	if len(types) < apirules.MinEventTypes || len(types) > apirules.MaxEventTypes {
		return validationError("event_types", fmt.Sprintf("give %d to %d event types", apirules.MinEventTypes, apirules.MaxEventTypes)), false
	}
	seen := map[string]bool{}
	for i, t := range types {
		if err := apirules.CheckEventType(t, true); err != nil {
			return validationError(fmt.Sprintf("event_types[%d]", i), err.Error()), false
		}
		if seen[t] {
			return validationError(fmt.Sprintf("event_types[%d]", i), "repeats an event type"), false
		}
		seen[t] = true
	}
	return reply{}, true
}

func checkWebhookStatus(status string) (reply, bool) {
	if status != webhookEnabled && status != webhookDisabled {
		return validationError("status", "must be ENABLED or DISABLED"), false
	}
	return reply{}, true
}

// duplicateWebhook finds another webhook of a (not the one with ID except) with the same
// url and the same set of event types.
func duplicateWebhook(a *account, except, rawURL string, eventTypes []string) *webhook {
	want := sortedCopy(eventTypes)
	for _, w := range oldestFirst(a.webhooks) {
		if w.id != except && w.url == rawURL && slices.Equal(sortedCopy(w.eventTypes), want) {
			return w
		}
	}
	return nil
}

func sortedCopy(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}
