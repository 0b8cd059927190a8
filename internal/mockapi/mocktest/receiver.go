package mocktest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// ReceiverPort is the port test receivers listen on: one the API allows for webhooks.
const ReceiverPort = "8443"

// Received is one delivery a Receiver got.
type Received struct {
	SigningKeyID string
	Signature    string
	Body         []byte
	Status       int // what the receiver answered
}

// Receiver is an HTTPS webhook receiver on 127.0.0.N:8443 with a certificate from a CA of
// its own, for tests. Give CAPEM to the mock (Options.WebhookCA) so that it trusts it.
type Receiver struct {
	URL   string
	CAPEM []byte

	mu       sync.Mutex
	received []Received
	answer   func(Received) int
	srv      *http.Server
}

// StartReceiver serves a receiver on a free 127.0.0.N:8443 (N from 2 to 254, so that
// parallel tests, in this process or others, each get an address of their own) until the
// test ends. answer decides the status of each delivery; nil answers 204.
func StartReceiver(t testing.TB, answer func(Received) int) *Receiver {
	t.Helper()
	if answer == nil {
		answer = func(Received) int { return http.StatusNoContent }
	}
	var l net.Listener
	var host string
	for range 200 {
		host = fmt.Sprintf("127.0.0.%d", 2+mrand.IntN(253)) //nolint:gosec // picking a test address, not a secret
		var err error
		if l, err = (&net.ListenConfig{}).Listen(t.Context(), "tcp", net.JoinHostPort(host, ReceiverPort)); err == nil {
			break
		}
	}
	if l == nil {
		t.Fatalf("no free 127.0.0.N:%s for a webhook receiver", ReceiverPort)
	}
	caPEM, cert, err := receiverCertificate(host)
	if err != nil {
		if cerr := l.Close(); cerr != nil {
			t.Errorf("closing the receiver's listener: %v", cerr)
		}
		t.Fatalf("making the receiver's certificate: %v", err)
	}
	r := &Receiver{URL: "https://" + net.JoinHostPort(host, ReceiverPort) + "/klarna/webhooks", CAPEM: caPEM, answer: answer}
	r.srv = &http.Server{
		Handler:           http.HandlerFunc(r.serve),
		ReadHeaderTimeout: 10 * time.Second,
		TLSConfig:         &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}},
		// Refused handshakes (an untrusting sender) are what some tests expect.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	done := make(chan error, 1)
	go func() { done <- r.srv.ServeTLS(l, "", "") }()
	t.Cleanup(func() {
		// The test's context is done by now: the shutdown gets a time of its own.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := r.srv.Shutdown(ctx); err != nil {
			t.Errorf("webhook receiver: shutting down: %v", err)
		}
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("webhook receiver: %v", err)
		}
	})
	return r
}

func (r *Receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	got := Received{
		SigningKeyID: req.Header.Get(klarna.HeaderSigningKeyID),
		Signature:    req.Header.Get(klarna.HeaderSignature),
		Body:         body,
	}
	r.mu.Lock()
	answer := r.answer
	r.mu.Unlock()
	got.Status = answer(got)
	r.mu.Lock()
	r.received = append(r.received, got)
	r.mu.Unlock()
	w.WriteHeader(got.Status)
}

// Received lists the deliveries so far, oldest first.
func (r *Receiver) Received() []Received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Received(nil), r.received...)
}

// SetAnswer changes how the receiver answers later deliveries.
func (r *Receiver) SetAnswer(answer func(Received) int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.answer = answer
}

// WaitFor polls until ok holds for the deliveries received, or fails the test after timeout.
func (r *Receiver) WaitFor(t testing.TB, timeout time.Duration, what string, ok func([]Received) bool) []Received {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := r.Received()
		if ok(got) {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("webhook receiver: %s did not happen within %s; received %d deliveries", what, timeout, len(got))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// receiverCertificate makes a CA and a server certificate for ip signed by it.
func receiverCertificate(ip string) ([]byte, tls.Certificate, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "webhook receiver test CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: ip},
		IPAddresses:  []net.IP{net.ParseIP(ip)},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	return caPEM, tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
