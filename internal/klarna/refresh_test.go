package klarna_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// listServer is a fake API holding objects of the four listed kinds for any account. It
// counts lists and single GETs per collection, and can hold lists until released or fail them.
type listServer struct {
	mu      sync.Mutex
	objects map[string][]map[string]any // collection path (without the item) -> objects
	lists   map[string]int
	gets    int
	writes  int
	hold    chan struct{} // when set, lists wait for it to close
	arrived chan struct{} // a list signals here when it arrives (if set)
	fail    int           // when non-zero, lists answer this status
}

var kindFields = map[string]struct{ wrapper, id string }{
	"api-keys":            {"api_keys", "credential_id"},
	"client-ids":          {"client_ids", "credential_id"},
	"client-certificates": {"client_certificates", "certificate_id"},
	"user-access":         {"user_access", "principal"},
}

func (s *listServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.EscapedPath()
	segs := strings.Split(p, "/")
	// The collection is the segment after credentials/ or portal/.
	ci := -1
	for i, seg := range segs {
		if seg == "credentials" || seg == "portal" {
			ci = i + 1
		}
	}
	if ci < 0 || ci >= len(segs) {
		http.NotFound(w, r)
		return
	}
	kind := kindFields[segs[ci]]
	coll := strings.Join(segs[:ci+1], "/")
	if segs[ci] == "user-access" {
		coll += "?" + r.URL.Query().Get("account_id")
	}
	item := ""
	if ci+1 < len(segs) {
		item = segs[ci+1]
	}
	w.Header().Set("Content-Type", "application/json")
	if r.Method != http.MethodGet {
		s.mu.Lock()
		s.writes++
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if item == "" {
		s.mu.Lock()
		s.lists[coll]++
		hold, arrived, fail := s.hold, s.arrived, s.fail
		s.mu.Unlock()
		if arrived != nil {
			arrived <- struct{}{}
		}
		if hold != nil {
			<-hold
		}
		if fail != 0 {
			w.WriteHeader(fail)
			_, _ = fmt.Fprintf(w, `{"error_id":"e1","error_type":"ACCESS_ERROR","error_code":"FORBIDDEN","error_message":"not yours"}`)
			return
		}
		s.mu.Lock()
		body, _ := json.Marshal(map[string]any{kind.wrapper: s.objects[coll]})
		s.mu.Unlock()
		_, _ = w.Write(body)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gets++
	for _, o := range s.objects[coll] {
		if o[kind.id] == item {
			body, _ := json.Marshal(o)
			_, _ = w.Write(body)
			return
		}
	}
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(`{"error_id":"e2","error_type":"RESOURCE_ERROR","error_code":"NOT_FOUND","error_message":"no such object"}`))
}

func (s *listServer) set(coll string, objs ...map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objects[coll] = objs
}

func (s *listServer) listCount(coll string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lists[coll]
}

// waitForList waits for a list to reach the server; the reads must have sent one.
func waitForList(t *testing.T, ls *listServer) {
	t.Helper()
	select {
	case <-ls.arrived:
	case <-time.After(5 * time.Second):
		close(ls.hold)
		t.Fatal("no read listed the account")
	}
}

func startListServer(t *testing.T) (*listServer, *klarna.Client) {
	t.Helper()
	ls := &listServer{objects: map[string][]map[string]any{}, lists: map[string]int{}}
	srv, _ := countingTLSServer(t, nil, ls.ServeHTTP)
	c, err := klarna.New(klarna.Config{BaseURL: srv.URL, APIKey: "klarna_test_api_refresh", CACertificatesPEM: certPEM(srv)})
	if err != nil {
		t.Fatal(err)
	}
	return ls, c
}

const partnerKRN = "krn:partner:global:account:test:PARTNER1"

var partnerPath = "/v2/accounts/" + strings.ReplaceAll(partnerKRN, ":", "%3A")

func apiKeyObject(id, description string) map[string]any {
	return map[string]any{"credential_id": id, "description": description, "status": "ENABLED", "environment": "TEST",
		"created_at": "2026-12-01T00:00:00Z"}
}

func TestRefresh_concurrentReadsShareOneList(t *testing.T) {
	t.Parallel()
	ls, c := startListServer(t)
	coll := partnerPath + "/credentials/api-keys"
	var objs []map[string]any
	for i := range 20 {
		objs = append(objs, apiKeyObject(fmt.Sprintf("key-%02d", i), fmt.Sprintf("d%02d", i)))
	}
	ls.set(coll, objs...)
	ls.hold, ls.arrived = make(chan struct{}), make(chan struct{}, 20)

	type answer struct {
		id, description string
		err             error
	}
	answers := make(chan answer, 20)
	for i := range 20 {
		go func() {
			id := fmt.Sprintf("key-%02d", i)
			k, err := c.RefreshAPIKey(t.Context(), partnerKRN, id)
			if err != nil {
				answers <- answer{id: id, err: err}
				return
			}
			answers <- answer{id: id, description: k.Description + "@" + k.CredentialID}
		}()
	}
	waitForList(t, ls) // the one list is in flight; give the other readers time to queue behind it
	time.Sleep(100 * time.Millisecond)
	close(ls.hold)
	for range 20 {
		a := <-answers
		if a.err != nil {
			t.Fatalf("%s: %v", a.id, a.err)
		}
		if want := "d" + strings.TrimPrefix(a.id, "key-") + "@" + a.id; a.description != want {
			t.Errorf("%s read as %q, want %q", a.id, a.description, want)
		}
	}
	if n := ls.listCount(coll); n != 1 {
		t.Errorf("20 concurrent reads of one account sent %d lists, want 1", n)
	}
	if ls.gets != 0 {
		t.Errorf("reads answered from the list sent %d GETs, want 0", ls.gets)
	}
}

func TestRefresh_missingReadsAsNotFound(t *testing.T) {
	t.Parallel()
	ls, c := startListServer(t)
	ls.set("/v2/account/credentials/client-ids", map[string]any{"credential_id": "c1", "client_id": "klarna_test_client_x"})
	ls.set("/v2/account/credentials/client-certificates", map[string]any{"certificate_id": "cert1", "status": "ACTIVE"})
	ls.set("/v2/account/credentials/api-keys", apiKeyObject("k1", ""))
	ctx := t.Context()
	tests := []struct {
		name string
		read func() error
	}{
		{"api key", func() error { _, err := c.RefreshAPIKey(ctx, "", "gone"); return err }},
		{"client ID", func() error { _, err := c.RefreshClientID(ctx, "", "gone"); return err }},
		{"certificate", func() error { _, err := c.RefreshClientCertificate(ctx, "", "gone"); return err }},
	}
	for _, tt := range tests {
		err := tt.read()
		if !klarna.IsNotFound(err) {
			t.Errorf("%s missing from the list: want not found, got %v", tt.name, err)
		}
	}
	grants, err := c.RefreshUserAccess(ctx, klarna.UserAccessFilter{AccountID: partnerKRN, OnBehalfOf: partnerKRN, Principal: "gone@example.com"})
	if err != nil || len(grants) != 0 {
		t.Errorf("a grant missing from the list: want none and no error, got %v, %v", grants, err)
	}
	if ls.gets != 0 {
		t.Errorf("a missing object was read with %d GETs, want 0 (the list says it is gone)", ls.gets)
	}
}

// An ID in upper case names the same object, as it does for the API's own routes.
func TestRefresh_idInEitherCase(t *testing.T) {
	t.Parallel()
	ls, c := startListServer(t)
	id := "6f1c2b1e-4c1d-4a7e-9a43-0b8e2f6d9c10"
	ls.set("/v2/account/credentials/api-keys", apiKeyObject(id, ""))
	k, err := c.RefreshAPIKey(t.Context(), "", strings.ToUpper(id))
	if err != nil || k.CredentialID != id {
		t.Fatalf("RefreshAPIKey(upper-case ID) = %+v, %v; want the key %s", k, err, id)
	}
}

func TestRefresh_writeInvalidates(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	tests := []struct {
		name  string
		coll  string
		obj   map[string]any
		read  func(c *klarna.Client, account string) error
		write func(c *klarna.Client, account string) error
	}{
		{
			name: "api key", coll: "/credentials/api-keys", obj: apiKeyObject("x1", ""),
			read: func(c *klarna.Client, a string) error { _, err := c.RefreshAPIKey(ctx, a, "x1"); return err },
			write: func(c *klarna.Client, a string) error {
				d := "new"
				_, err := c.UpdateAPIKey(ctx, a, "x1", klarna.UpdateAPIKeyRequest{Description: &d})
				return err
			},
		},
		{
			name: "client ID", coll: "/credentials/client-ids", obj: map[string]any{"credential_id": "x1"},
			read:  func(c *klarna.Client, a string) error { _, err := c.RefreshClientID(ctx, a, "x1"); return err },
			write: func(c *klarna.Client, a string) error { return c.DeleteClientID(ctx, a, "x1") },
		},
		{
			name: "certificate", coll: "/credentials/client-certificates", obj: map[string]any{"certificate_id": "x1"},
			read:  func(c *klarna.Client, a string) error { _, err := c.RefreshClientCertificate(ctx, a, "x1"); return err },
			write: func(c *klarna.Client, a string) error { return c.RevokeClientCertificate(ctx, a, "x1") },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ls, c := startListServer(t)
			ls.set(partnerPath+tt.coll, tt.obj)
			ls.set("/v2/account"+tt.coll, tt.obj)
			for range 3 {
				if err := tt.read(c, partnerKRN); err != nil {
					t.Fatal(err)
				}
				if err := tt.read(c, ""); err != nil {
					t.Fatal(err)
				}
			}
			if err := tt.write(c, partnerKRN); err != nil {
				t.Fatal(err)
			}
			if err := tt.read(c, partnerKRN); err != nil {
				t.Fatal(err)
			}
			if err := tt.read(c, ""); err != nil {
				t.Fatal(err)
			}
			if n := ls.listCount(partnerPath + tt.coll); n != 2 {
				t.Errorf("reads before and after a write of the account sent %d lists, want 2", n)
			}
			if n := ls.listCount("/v2/account" + tt.coll); n != 1 {
				t.Errorf("a write of another account made the own account list %d times, want 1", n)
			}
		})
	}

	t.Run("grant", func(t *testing.T) {
		t.Parallel()
		ls, c := startListServer(t)
		coll := "/v2/account/portal/user-access?" + partnerKRN
		ls.set(coll, map[string]any{"principal": "a@example.com", "account_id": partnerKRN, "on_behalf_of": partnerKRN, "roles": []string{"merchant:admin"}})
		f := klarna.UserAccessFilter{AccountID: partnerKRN, OnBehalfOf: partnerKRN, Principal: "A@example.com"}
		for range 3 {
			if g, err := c.RefreshUserAccess(ctx, f); err != nil || len(g) != 1 {
				t.Fatalf("want the grant, got %v, %v", g, err)
			}
		}
		if err := c.RevokeUserAccess(ctx, f); err != nil {
			t.Fatal(err)
		}
		if _, err := c.RefreshUserAccess(ctx, f); err != nil {
			t.Fatal(err)
		}
		if n := ls.listCount(coll); n != 2 {
			t.Errorf("grant reads before and after a revocation sent %d lists, want 2", n)
		}
	})
}

func TestRefresh_errorReachesEveryReader(t *testing.T) {
	t.Parallel()
	ls, c := startListServer(t)
	coll := partnerPath + "/credentials/api-keys"
	ls.set(coll, apiKeyObject("k1", ""))
	ls.hold, ls.arrived, ls.fail = make(chan struct{}), make(chan struct{}, 10), http.StatusForbidden
	errs := make(chan error, 5)
	for range 5 {
		go func() {
			_, err := c.RefreshAPIKey(t.Context(), partnerKRN, "k1")
			errs <- err
		}()
	}
	waitForList(t, ls)
	time.Sleep(100 * time.Millisecond)
	close(ls.hold)
	for range 5 {
		if err := <-errs; !klarna.IsForbidden(err) {
			t.Errorf("every reader waiting for a failed list must get its error, got %v", err)
		}
	}
	if n := ls.listCount(coll); n != 1 {
		t.Errorf("5 concurrent reads sent %d lists, want 1", n)
	}
	// The error is not kept: the next read lists again.
	ls.mu.Lock()
	ls.fail, ls.hold, ls.arrived = 0, nil, nil
	ls.mu.Unlock()
	if _, err := c.RefreshAPIKey(t.Context(), partnerKRN, "k1"); err != nil {
		t.Fatalf("a read after a failed list: %v", err)
	}
	if n := ls.listCount(coll); n != 2 {
		t.Errorf("a read after a failed list sent %d lists in all, want 2", n)
	}
}

func TestRefresh_largeAccountFallsBackToGet(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	tests := []struct {
		name     string
		objects  int
		wantGets int
	}{
		{"small account lists again after a write", 10, 0},
		{"account far larger than its reads gets each object", 3 * klarna.FallbackObjectsPerRead, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ls, c := startListServer(t)
			coll := "/v2/account/credentials/api-keys"
			var objs []map[string]any
			for i := range tt.objects {
				objs = append(objs, apiKeyObject(fmt.Sprintf("k%d", i), ""))
			}
			ls.set(coll, objs...)
			if _, err := c.RefreshAPIKey(ctx, "", "k1"); err != nil {
				t.Fatal(err)
			}
			if err := c.DeleteAPIKey(ctx, "", "k9"); err != nil {
				t.Fatal(err)
			}
			if _, err := c.RefreshAPIKey(ctx, "", "k2"); err != nil {
				t.Fatal(err)
			}
			if ls.gets != tt.wantGets {
				t.Errorf("the read after a write sent %d GETs, want %d", ls.gets, tt.wantGets)
			}
			if n, want := ls.listCount(coll), 2-tt.wantGets; n != want {
				t.Errorf("sent %d lists, want %d", n, want)
			}
		})
	}
}

func TestRefresh_cancelledWaiterLeavesTheList(t *testing.T) {
	t.Parallel()
	ls, c := startListServer(t)
	coll := "/v2/account/credentials/api-keys"
	ls.set(coll, apiKeyObject("k1", ""))
	ls.hold, ls.arrived = make(chan struct{}), make(chan struct{}, 10)
	leader := make(chan error, 1)
	go func() {
		_, err := c.RefreshAPIKey(t.Context(), "", "k1")
		leader <- err
	}()
	waitForList(t, ls)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.RefreshAPIKey(ctx, "", "k1"); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled reader waiting for a list: want context.Canceled, got %v", err)
	}
	close(ls.hold)
	if err := <-leader; err != nil {
		t.Fatal(err)
	}
}
