package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// checkLoopback refuses any base URL but an https:// one on a loopback address: the
// campaign injects faults and makes and destroys credentials, so it must only ever talk
// to a mock API on this machine.
func checkLoopback(baseURL string) error {
	u, err := url.Parse(baseURL)
	if err != nil {
		return fmt.Errorf("refusing base URL %q: %w", baseURL, err)
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	if u.Scheme != "https" || ip == nil || !ip.IsLoopback() || u.User != nil {
		return fmt.Errorf("refusing base URL %q: the chaos campaign talks only to a mock API at https://<loopback IP>:<port>", baseURL)
	}
	return nil
}

// mockControl calls the mock's control plane under /_mock/.
type mockControl struct {
	base string
	http *http.Client
}

func newMockControl(baseURL string, caPEM []byte) (*mockControl, error) {
	if err := checkLoopback(baseURL); err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, errors.New("the mock's ca.pem holds no certificate")
	}
	return &mockControl{
		base: strings.TrimSuffix(baseURL, "/"),
		http: &http.Client{
			Timeout:   30 * time.Second,
			Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}},
		},
	}, nil
}

// call sends one control request; out, when not nil, receives the JSON answer.
func (c *mockControl) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, strings.TrimSpace(string(raw)))
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("%s %s: decoding the answer: %w", method, path, err)
		}
	}
	return nil
}

// addFault schedules a fault and returns how many fault occurrences are pending in all.
func (c *mockControl) addFault(ctx context.Context, f mockapi.Fault) (int, error) {
	var out struct {
		Pending int `json:"pending"`
	}
	err := c.call(ctx, http.MethodPost, "/_mock/faults", f, &out)
	return out.Pending, err
}

// clearFaults reads how many scheduled faults are still pending, then clears them all.
// Call it while no API request is in flight.
func (c *mockControl) clearFaults(ctx context.Context) (int, error) {
	var pending mockapi.PendingFaultList
	if err := c.call(ctx, http.MethodGet, "/_mock/faults", nil, &pending); err != nil {
		return 0, err
	}
	if err := c.call(ctx, http.MethodDelete, "/_mock/faults", nil, nil); err != nil {
		return 0, err
	}
	return pending.Pending, nil
}

func (c *mockControl) requests(ctx context.Context) (mockapi.RequestCounts, error) {
	var out mockapi.RequestCounts
	err := c.call(ctx, http.MethodGet, "/_mock/requests", nil, &out)
	return out, err
}

func (c *mockControl) state(ctx context.Context) ([]mockapi.AccountState, error) {
	var out struct {
		Accounts []mockapi.AccountState `json:"accounts"`
	}
	err := c.call(ctx, http.MethodGet, "/_mock/state", nil, &out)
	return out.Accounts, err
}

func (c *mockControl) violations(ctx context.Context) ([]string, error) {
	var out struct {
		Violations []string `json:"violations"`
	}
	err := c.call(ctx, http.MethodGet, "/_mock/violations", nil, &out)
	return out.Violations, err
}

func (c *mockControl) close() { c.http.CloseIdleConnections() }
