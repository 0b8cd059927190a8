package main

import (
	"io"
	"strings"
	"testing"
)

func TestParseFlags_scaleSizes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args    []string
		wantErr string
		size    int
	}{
		{args: nil, size: 1000},
		{args: []string{"-scale-size", "200", "-scale-accounts", "20"}, size: 200},
		{args: []string{"-scale-size", "0"}, wantErr: "-scale-size"},
		{args: []string{"-scale-accounts", "0"}, wantErr: "-scale-accounts"},
		{args: []string{"-scale-hold", "5"}, wantErr: "-scale-hold"},
		{args: []string{"-scale-only", "-skip-scale"}, wantErr: "contradict"},
	}
	for _, tt := range tests {
		o, err := parseFlags(tt.args, io.Discard)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("parseFlags(%q) = %v, want an error naming %s", tt.args, err, tt.wantErr)
		case tt.wantErr == "" && err != nil:
			t.Errorf("parseFlags(%q): %v", tt.args, err)
		case tt.wantErr == "" && o.scale.size != tt.size:
			t.Errorf("parseFlags(%q): scale size %d, want %d", tt.args, o.scale.size, tt.size)
		}
	}
}

func TestScaleSpec_configSpreadsOverAccounts(t *testing.T) {
	t.Parallel()
	s := scaleSpec{resource: "klarna_api_key", n: 6, accounts: 3}
	got := s.config([]string{"", "krn:partner:global:account:test:AAAAAAAA", "krn:partner:global:account:test:BBBBBBBB", "krn:unused"})
	for _, want := range []string{
		`accounts = [null, "krn:partner:global:account:test:AAAAAAAA", "krn:partner:global:account:test:BBBBBBBB"]`,
		`resource "klarna_api_key" "scale"`,
		"count      = 6",
		"local.accounts[count.index % length(local.accounts)]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the configuration lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "krn:unused") {
		t.Errorf("the configuration uses more accounts than the world has:\n%s", got)
	}
}
