package klarna

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"sync"
	"testing"
)

// Not parallel: it sets the link-time switch, which parallel tests must not see.
func TestClient_perResourceBaselineRefreshesWithGETsAndNoPace(t *testing.T) {
	var mu sync.Mutex
	lists, gets := 0, 0
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/api-keys") {
			lists++
			_, _ = w.Write([]byte(`{"api_keys":[]}`))
			return
		}
		gets++
		_ = json.NewEncoder(w).Encode(map[string]any{
			"credential_id": path.Base(r.URL.Path), "description": "", "environment": "TEST", "status": "ENABLED",
			"created_at": "2026-12-03T00:00:00Z", "last_used_at": nil, "disabled_reason": nil,
		})
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { perResourceBaseline = "" })
	ids := []string{"0b5c5a5e-0000-4000-8000-000000000001", "0b5c5a5e-0000-4000-8000-000000000002", "0b5c5a5e-0000-4000-8000-000000000003"}
	for _, baseline := range []string{"", "1"} {
		perResourceBaseline = baseline
		c, err := New(Config{BaseURL: srv.URL, APIKey: "klarna_test_api_baseline", Transport: srv.Client().Transport})
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		lists, gets = 0, 0
		mu.Unlock()
		for _, id := range ids {
			if _, err := c.RefreshAPIKey(t.Context(), "", id); err != nil && (baseline != "" || !IsNotFound(err)) {
				t.Fatalf("baseline %q: %v", baseline, err)
			}
		}
		mu.Lock()
		gotLists, gotGets := lists, gets
		mu.Unlock()
		switch {
		case baseline == "" && (gotLists != 1 || gotGets != 0 || c.pacer == nil):
			t.Errorf("by account: %d lists, %d GETs, paced %v; want 1 list, no GET, a pacer", gotLists, gotGets, c.pacer != nil)
		case baseline != "" && (gotLists != 0 || gotGets != len(ids) || c.pacer != nil):
			t.Errorf("baseline: %d lists, %d GETs, paced %v; want no list, %d GETs, no pacer", gotLists, gotGets, c.pacer != nil, len(ids))
		}
	}
}
