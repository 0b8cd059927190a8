package klarna

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

// Concurrent callers of one key share one fetch, later callers get its answer, other keys
// fetch on their own, an error is not kept, and set replaces an answer.
func TestLookupCache_coalesces(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		keys      []string
		failFirst bool
		wantSent  int
	}{
		{"one key, many callers", []string{"a", "a", "a", "a", "a", "a", "a", "a"}, false, 1},
		{"two keys", []string{"a", "b", "a", "b", "a", "b"}, false, 2},
		{"an error is asked again", []string{"a"}, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var l lookupCache[string]
			var fetches atomic.Int32
			release := make(chan struct{})
			fetch := func(key string) func(context.Context) (string, error) {
				return func(context.Context) (string, error) {
					n := fetches.Add(1)
					<-release
					if tt.failFirst && n == 1 {
						return "", errors.New("boom")
					}
					return "v-" + key, nil
				}
			}
			var wg sync.WaitGroup
			errs := make([]error, len(tt.keys))
			vals := make([]string, len(tt.keys))
			for i, k := range tt.keys {
				wg.Add(1)
				go func() {
					defer wg.Done()
					vals[i], errs[i] = l.get(t.Context(), k, fetch(k))
				}()
			}
			close(release)
			wg.Wait()
			for i, k := range tt.keys {
				if errs[i] == nil && vals[i] != "v-"+k {
					t.Errorf("get(%q) = %q, want %q", k, vals[i], "v-"+k)
				}
			}
			// A later caller gets the held answer, or asks again after an error.
			v, err := l.get(t.Context(), tt.keys[0], fetch(tt.keys[0]))
			if err != nil || v != "v-"+tt.keys[0] {
				t.Errorf("later get(%q) = %q, %v", tt.keys[0], v, err)
			}
			if got := l.count(); got != tt.wantSent {
				t.Errorf("sent %d fetches, want %d", got, tt.wantSent)
			}
			l.set(tt.keys[0], "recorded")
			if v, _ := l.get(t.Context(), tt.keys[0], fetch(tt.keys[0])); v != "recorded" {
				t.Errorf("after set, get = %q, want recorded", v)
			}
		})
	}
}
