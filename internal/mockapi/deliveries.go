package mockapi

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

// Webhook deliveries: the mock posts events to the registered URLs of an account, signed
// with the webhook's signing key, and retries a delivery that gets no 2xx answer with an
// exponential backoff, WebhookMaxAttempts times at most. Deliveries go to loopback
// addresses only and trust only the CAs of Options.WebhookCA.
const (
	// DefaultWebhookRetryDelay is the wait before the first retry of a failed delivery.
	DefaultWebhookRetryDelay = time.Second
	// WebhookMaxAttempts bounds the attempts of one delivery, the first included.
	WebhookMaxAttempts = 5
	// maxDeliveryRecords bounds the attempts GET /_mock/deliveries remembers (the newest).
	maxDeliveryRecords = 1000
	deliveryTimeout    = 10 * time.Second
)

// Delivery is one attempt to deliver an event to a webhook.
type Delivery struct {
	EventID      string    `json:"event_id"`
	EventType    string    `json:"event_type"`
	AccountID    string    `json:"account_id"`
	WebhookID    string    `json:"webhook_id"`
	URL          string    `json:"url"`
	Attempt      int       `json:"attempt"`
	SigningKeyID string    `json:"signing_key_id,omitempty"`
	StatusCode   int       `json:"status_code"` // 0 when no HTTP answer came
	Error        string    `json:"error,omitempty"`
	At           time.Time `json:"at"`
}

// Event is what POST /_mock/events emits.
type Event struct {
	AccountID string          `json:"account_id"`
	EventType string          `json:"event_type"`
	Payload   json.RawMessage `json:"payload,omitempty"`
}

// EmittedEvent says what became of an emitted event.
type EmittedEvent struct {
	EventID  string   `json:"event_id"`
	Webhooks []string `json:"webhooks"` // the webhooks it is delivered to
}

// eventBody is the JSON body of a delivery.
type eventBody struct {
	EventID      string          `json:"event_id"`
	EventType    string          `json:"event_type"`
	EventVersion string          `json:"event_version"`
	AccountID    string          `json:"account_id"`
	CreatedAt    time.Time       `json:"created_at"`
	Payload      json.RawMessage `json:"payload"`
}

type deliverer struct {
	client *http.Client
	delay  time.Duration
	ctx    context.Context
	stop   context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	records []Delivery
}

func newDeliverer(caPEM []byte, delay time.Duration) (*deliverer, error) {
	pool := x509.NewCertPool()
	if len(caPEM) > 0 && !pool.AppendCertsFromPEM(caPEM) {
		return nil, errors.New("the webhook CA file holds no PEM certificate")
	}
	if delay == 0 {
		delay = DefaultWebhookRetryDelay
	}
	dialer := &net.Dialer{
		Timeout: deliveryTimeout,
		// A registered URL names a loopback host; a name that resolves elsewhere is refused here.
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return fmt.Errorf("the mock delivers webhooks to loopback addresses only, not %s", host)
			}
			return nil
		},
	}
	ctx, stop := context.WithCancel(context.Background())
	return &deliverer{
		client: &http.Client{
			Timeout: deliveryTimeout,
			Transport: &http.Transport{
				DialContext:       dialer.DialContext,
				TLSClientConfig:   &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: pool},
				ForceAttemptHTTP2: true,
			},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		delay: delay,
		ctx:   ctx,
		stop:  stop,
	}, nil
}

// stopDeliveries ends every delivery in progress and waits for them; later events are not
// delivered. Running.Close calls it.
func (s *Server) stopDeliveries() {
	s.deliver.stop()
	s.deliver.wg.Wait()
}

// Deliveries lists the delivery attempts so far, oldest first (the newest 1000).
func (s *Server) Deliveries() []Delivery {
	s.deliver.mu.Lock()
	defer s.deliver.mu.Unlock()
	return append([]Delivery{}, s.deliver.records...)
}

func (d *deliverer) record(rec Delivery) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.records = append(d.records, rec)
	if over := len(d.records) - maxDeliveryRecords; over > 0 {
		d.records = append([]Delivery(nil), d.records[over:]...)
	}
}

// EmitEvent emits one event of an account now: every ENABLED webhook of the account whose
// event types match gets it, in the background.
func (s *Server) EmitEvent(ev Event) (EmittedEvent, error) {
	if err := apirules.CheckEventType(ev.EventType, false); err != nil {
		return EmittedEvent{}, err
	}
	payload := ev.Payload
	if len(bytes.TrimSpace(payload)) == 0 {
		payload = json.RawMessage(`{}`)
	}
	s.mu.Lock()
	a := s.accounts[ev.AccountID]
	if a == nil {
		s.mu.Unlock()
		return EmittedEvent{}, fmt.Errorf("no account %q", ev.AccountID)
	}
	out := EmittedEvent{EventID: newUUID(), Webhooks: []string{}}
	body, err := json.Marshal(eventBody{
		EventID: out.EventID, EventType: ev.EventType, EventVersion: apirules.EventVersionV1,
		AccountID: a.id, CreatedAt: s.now(), Payload: payload,
	})
	if err != nil {
		s.mu.Unlock()
		return EmittedEvent{}, fmt.Errorf("the payload is not JSON: %w", err)
	}
	for _, w := range oldestFirst(a.webhooks) {
		if w.status != webhookEnabled {
			continue
		}
		for _, pattern := range w.eventTypes {
			if apirules.EventTypeMatches(pattern, ev.EventType) {
				out.Webhooks = append(out.Webhooks, w.id)
				break
			}
		}
	}
	s.mu.Unlock()
	if s.deliver.ctx.Err() != nil {
		return EmittedEvent{}, errors.New("the mock is stopping; no event is delivered")
	}
	for _, id := range out.Webhooks {
		s.deliver.wg.Add(1)
		go s.deliverEvent(a.id, id, out.EventID, ev.EventType, body)
	}
	return out, nil
}

// deliverEvent posts one event to one webhook until it answers 2xx, the webhook is gone or
// disabled, the attempts run out, or the mock stops.
func (s *Server) deliverEvent(accountID, webhookID, eventID, eventType string, body []byte) {
	d := s.deliver
	defer d.wg.Done()
	wait := d.delay
	for attempt := 1; attempt <= WebhookMaxAttempts; attempt++ {
		s.mu.Lock()
		a := s.accounts[accountID]
		w := a.webhooks[webhookID]
		if w == nil || w.status != webhookEnabled {
			s.mu.Unlock()
			return
		}
		rec := Delivery{EventID: eventID, EventType: eventType, AccountID: accountID, WebhookID: webhookID,
			URL: w.url, Attempt: attempt, SigningKeyID: w.signingKeyID, At: s.now()}
		var secret string
		if k := a.signingKeys[w.signingKeyID]; k != nil {
			secret = k.secret
		}
		s.mu.Unlock()

		if secret == "" {
			rec.Error = "the webhook's signing key is gone"
		} else {
			rec.StatusCode, rec.Error = d.post(rec.URL, rec.SigningKeyID, apirules.WebhookSignature(secret, body), body)
		}
		d.record(rec)
		if rec.StatusCode >= 200 && rec.StatusCode < 300 {
			return
		}
		if attempt == WebhookMaxAttempts {
			return
		}
		t := time.NewTimer(wait)
		select {
		case <-d.ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		wait *= 2
	}
}

func (d *deliverer) post(url, keyID, signature string, body []byte) (int, string) {
	req, err := http.NewRequestWithContext(d.ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(headerSigningKeyID, keyID)
	req.Header.Set(headerSignature, signature)
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer func() { _ = resp.Body.Close() }()
	return resp.StatusCode, ""
}
