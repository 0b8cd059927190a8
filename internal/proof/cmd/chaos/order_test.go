package main

import (
	"fmt"
	"slices"
	"testing"
)

// TestCheckKeyChanges_phaseOrder: the campaign's problems list phases in order, run after run.
func TestCheckKeyChanges_phaseOrder(t *testing.T) {
	t.Parallel()
	changed := func() *operationStats {
		s := newOperationStats()
		s.ops["op"] = &operation{attempts: 2, route: "POST /x", keys: map[string]bool{"a": true, "b": true}}
		return s
	}
	want := []string{
		"phase one: 1 operations sent more than one idempotency key across their attempts",
		"phase two: 1 operations sent more than one idempotency key across their attempts",
		"phase destroy: 1 operations sent more than one idempotency key across their attempts",
	}
	for range 20 {
		c := &campaign{opStats: map[int]*operationStats{3: changed(), 1: changed(), 2: changed()}}
		c.checkKeyChanges()
		if !slices.Equal(c.problems, want) {
			t.Fatalf("problems %q, want %q", c.problems, want)
		}
	}
}

// TestCheckOrphans_addressOrder: orphans of creates that did not fail are listed by address.
func TestCheckOrphans_addressOrder(t *testing.T) {
	t.Parallel()
	var orphans []serverObject
	var want []string
	for _, addr := range []string{"klarna_api_key.e", "klarna_api_key.a", "klarna_api_key.d", "klarna_api_key.b", "klarna_api_key.c"} {
		orphans = append(orphans, serverObject{address: addr})
	}
	for _, addr := range []string{"klarna_api_key.a", "klarna_api_key.b", "klarna_api_key.c", "klarna_api_key.d", "klarna_api_key.e"} {
		want = append(want, fmt.Sprintf("phase two: 1 orphans of %s, whose create did not fail", addr))
	}
	for range 20 {
		c := &campaign{audits: []auditRow{{auditResult: auditResult{orphans: orphans}}}}
		c.checkOrphans("")
		if !slices.Equal(c.problems, want) {
			t.Fatalf("problems %q, want %q", c.problems, want)
		}
	}
}
