package mockapi_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

func TestConcurrency_stateStaysConsistent(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot := m.b.APIKey
	accounts := append([]string{m.b.AccountID}, m.b.PartnerAccountIDs...)
	prefixes := map[string]string{m.b.AccountID: "/v2/account"}
	commonName := map[string]string{}
	for _, p := range m.b.PartnerAccountIDs {
		prefixes[p] = acct(p)
	}
	for _, a := range accounts {
		commonName[a] = cn(t, a)
	}
	initial := m.state(t)
	m.control(t, http.MethodDelete, "/_mock/requests", nil).wantStatus(t, http.StatusNoContent)

	const workers, rounds = 8, 6
	var sent atomic.Int64
	var mu sync.Mutex
	keysMade, keysDeleted, certsMade, clientsLeft := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	errs := make(chan error, workers*rounds*10)
	// call sends one request and reports an unexpected status.
	call := func(r req, want int) resp {
		sent.Add(1)
		r.key = boot
		res, err := m.try(t, r)
		if err != nil {
			errs <- err
			return res
		}
		if res.status != want {
			errs <- fmt.Errorf("%s %s: %d, want %d: %s", r.method, r.path, res.status, want, res.body)
		}
		return res
	}

	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			account := accounts[w%len(accounts)]
			prefix := prefixes[account]
			for i := range rounds {
				r := call(req{method: http.MethodPost, path: prefix + "/credentials/api-keys", body: map[string]string{"description": fmt.Sprintf("w%d r%d", w, i)}}, http.StatusCreated)
				var k klarna.CreatedAPIKey
				if r.decodeErr(&k) != nil {
					errs <- fmt.Errorf("create answered %s", r.body)
					return
				}
				item := prefix + "/credentials/api-keys/" + k.CredentialID
				call(req{method: http.MethodGet, path: item}, http.StatusOK)
				call(req{method: http.MethodPatch, path: item, body: map[string]string{"description": "patched", "status": "DISABLED"}}, http.StatusOK)
				call(req{method: http.MethodGet, path: prefix + "/credentials/api-keys"}, http.StatusOK)
				deleted := i%2 == 0
				if deleted {
					call(req{method: http.MethodDelete, path: item}, http.StatusNoContent)
				}

				key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
				if err != nil {
					errs <- err
					return
				}
				csr, err := pki.BuildCSR(key, commonName[account])
				if err != nil {
					errs <- err
					return
				}
				r = call(req{method: http.MethodPost, path: prefix + "/credentials/client-certificates", body: map[string]string{"csr": string(csr), "usage": "JWT_SIGNING"}}, http.StatusCreated)
				var c klarna.ClientCertificate
				if r.decodeErr(&c) != nil {
					errs <- fmt.Errorf("certificate create answered %s", r.body)
					return
				}
				certItem := prefix + "/credentials/client-certificates/" + c.CertificateID
				call(req{method: http.MethodGet, path: certItem}, http.StatusOK)
				call(req{method: http.MethodDelete, path: certItem}, http.StatusNoContent)

				r = call(req{method: http.MethodPost, path: prefix + "/credentials/client-ids", body: map[string]any{"allowed_origins": []string{"https://a.example"}}}, http.StatusCreated)
				var cid klarna.ClientID
				if r.decodeErr(&cid) != nil {
					errs <- fmt.Errorf("client ID create answered %s", r.body)
					return
				}
				keepClient := i%3 == 0
				if !keepClient {
					call(req{method: http.MethodDelete, path: prefix + "/credentials/client-ids/" + cid.CredentialID}, http.StatusNoContent)
				}

				mu.Lock()
				keysMade[account]++
				if deleted {
					keysDeleted[account]++
				}
				certsMade[account]++
				if keepClient {
					clientsLeft[account]++
				}
				mu.Unlock()
			}
		}()
	}
	// The same idempotent create, sent at once by many: one key, one answer.
	idemKey := uuid.NewString()
	answers := make([][]byte, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := call(req{method: http.MethodPost, path: pathAPIKey, body: map[string]string{"description": "raced"}, header: map[string]string{hdrIdem: idemKey}}, http.StatusCreated)
			answers[w] = r.body
		}()
	}
	// Meanwhile the clock moves and the state is read.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 10 {
			if _, err := m.AdvanceClock(time.Minute); err != nil {
				errs <- err
			}
			_ = m.State()
			_ = m.Requests()
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		t.FailNow()
	}
	for _, a := range answers[1:] {
		if !bytes.Equal(a, answers[0]) {
			t.Fatalf("concurrent repeats of one idempotent create got different answers:\n%s\n%s", answers[0], a)
		}
	}
	keysMade[m.b.AccountID]++ // the raced create

	st := m.state(t)
	for _, id := range accounts {
		a := st[id]
		if want := len(initial[id].APIKeys) + keysMade[id] - keysDeleted[id]; len(a.APIKeys) != want {
			t.Errorf("%s: %d API keys, want %d", id, len(a.APIKeys), want)
		}
		if len(a.ClientCertificates) != certsMade[id] {
			t.Errorf("%s: %d certificates, want %d", id, len(a.ClientCertificates), certsMade[id])
		}
		for _, c := range a.ClientCertificates {
			if c.Status != "REVOKED" {
				t.Errorf("%s: certificate %s is %s, want REVOKED", id, c.CertificateID, c.Status)
			}
		}
		if len(a.ClientIDs) != clientsLeft[id] {
			t.Errorf("%s: %d client IDs, want %d", id, len(a.ClientIDs), clientsLeft[id])
		}
		seen := map[string]bool{}
		for _, k := range a.APIKeys {
			if seen[k.CredentialID] {
				t.Errorf("%s: key %s listed twice", id, k.CredentialID)
			}
			seen[k.CredentialID] = true
		}
	}
	var counts mockapi.RequestCounts
	m.control(t, http.MethodGet, "/_mock/requests", nil).decode(t, &counts)
	if int64(counts.Total) != sent.Load() {
		t.Errorf("the mock counted %d requests, %d were sent", counts.Total, sent.Load())
	}
}
