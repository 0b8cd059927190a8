package klarna

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// Refresh by account. Terraform refreshes every resource of a configuration with one Read
// each; with one GET per Read, a plan of N resources costs N requests against the account's
// rate limit. The Refresh* methods answer a Read from the account's list instead: the first
// Read of an account's API keys (client IDs, certificates, grants) lists them once, every
// other Read of that kind and account is answered from that list, and concurrent Reads wait
// for the one list in flight. A client lives for one provider configuration, i.e. one
// Terraform operation, so nothing outlives it; any write of a kind and account made through
// the client (successful or not) drops that account's list of that kind, so a Read after a
// write lists again. An object missing from the list reads as not found, as a 404 does.
// An error of a list reaches every Read waiting for it and is not kept: the next Read lists
// again.

// perResourceBaseline, when set at link time (go build -ldflags "-X <this package>.perResourceBaseline=1"),
// makes the client refresh with one GET per Read and never pace itself, as it did before
// refresh by account and learned pacing, so that the benchmark can measure both with the
// same code. Nothing at run time sets it; the provider never does.
var perResourceBaseline string

// listKind is a kind of object whose Reads are answered from the account's list.
type listKind int

const (
	kindAPIKeys listKind = iota + 1
	kindClientIDs
	kindCertificates
	kindUserAccess
)

// routeKinds says which list each write changes.
var routeKinds = map[route]listKind{
	routeCreateAPIKey: kindAPIKeys, routeUpdateAPIKey: kindAPIKeys, routeDeleteAPIKey: kindAPIKeys,
	routeCreateClientID: kindClientIDs, routeUpdateClientID: kindClientIDs, routeDeleteClientID: kindClientIDs,
	routeCreateCertificate: kindCertificates, routeRevokeCertificate: kindCertificates,
	routeGrantUserAccess: kindUserAccess, routeRevokeUserAccess: kindUserAccess,
}

// FallbackObjectsPerRead decides when an account is too large to list for the Reads it gets.
// The first Read of a kind and account always lists (one request, as the GET it replaces);
// once a list has shown how many objects the account holds, a Read that needs a fresh list
// (a write dropped the last one) sends a GET instead when the account holds more than this
// many objects for every Read of that kind and account so far. Measured against the mock
// with 100 ms on every route: a list of N API keys takes the time of about 1 + N/500 GETs
// (10 or 100 keys: 1.0; 1,000: 2.9; 5,000: 10.9), so a list answering k Reads saves time
// while N < 500 × (k - 1), and saves requests, which a rate limit counts, whenever k > 1.
const FallbackObjectsPerRead = 500

type snapshotKey struct {
	kind    listKind
	account string
}

// refresher holds the lists of one client.
type refresher struct {
	mu      sync.Mutex
	entries map[snapshotKey]*snapshotEntry
}

type snapshotEntry struct {
	gen    int         // bumped by every write of this kind and account
	flight *listFlight // the list in flight or done for gen; nil when none
	reads  int         // Reads of this kind and account so far
	size   int         // objects in the latest list; -1 before the first
}

// listFlight is one list call that concurrent Reads share.
type listFlight struct {
	done  chan struct{} // closed when items and err are set
	gen   int
	items map[string]any
	path  string // the list's path, for a not-found error
	err   error
}

func (r *refresher) entry(k snapshotKey) *snapshotEntry {
	if r.entries == nil {
		r.entries = map[snapshotKey]*snapshotEntry{}
	}
	e := r.entries[k]
	if e == nil {
		e = &snapshotEntry{size: -1}
		r.entries[k] = e
	}
	return e
}

// invalidate drops the list of kind for account; account "" with allAccounts drops the
// lists of every account (a grant names its account inside a signed JWT the client does
// not read).
func (r *refresher) invalidate(kind listKind, account string, allAccounts bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, e := range r.entries {
		if k.kind == kind && (allAccounts || k.account == account) {
			e.gen++
			e.flight = nil
		}
	}
}

// written is called after every write the client sends.
func (r *refresher) written(cl call) {
	kind, ok := routeKinds[cl.route]
	if !ok {
		return
	}
	if kind == kindUserAccess {
		account := cl.query.Get("account_id")
		r.invalidate(kind, account, account == "")
		return
	}
	r.invalidate(kind, cl.account, false)
}

// refreshOne answers a Read of one object of kind in account: from the account's list, or
// with get when the account is too large for the Reads it has had.
func refreshOne[T any](ctx context.Context, c *Client, k snapshotKey, id string,
	list func(context.Context) ([]T, string, error), key func(T) string, get func(context.Context) (*T, error),
) (*T, error) {
	r := &c.refresh
	r.mu.Lock()
	e := r.entry(k)
	e.reads++
	f := e.flight
	if perResourceBaseline != "" || (f == nil && e.size > FallbackObjectsPerRead*e.reads) {
		r.mu.Unlock()
		return get(ctx)
	}
	leader := f == nil
	if leader {
		f = &listFlight{done: make(chan struct{}), gen: e.gen}
		e.flight = f
	}
	r.mu.Unlock()

	if leader {
		items, path, err := list(ctx)
		f.path, f.err = path, err
		if err == nil {
			f.items = make(map[string]any, len(items))
			for i := range items {
				f.items[strings.ToLower(key(items[i]))] = &items[i]
			}
		}
		close(f.done)
		r.mu.Lock()
		if err == nil {
			e.size = len(items)
		}
		if (err != nil || e.gen != f.gen) && e.flight == f {
			e.flight = nil
		}
		r.mu.Unlock()
	} else {
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	// IDs are UUIDs, which the API reads in either case.
	if v, ok := f.items[strings.ToLower(id)].(*T); ok {
		return v, nil
	}
	return nil, &APIError{
		StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: f.path,
		ErrorType: ErrorTypeResource, ErrorCode: CodeNotFound,
		ErrorMessage: fmt.Sprintf("%s is not in the account's list", id),
	}
}

// listPath is the path of a list route, for the not-found error of a Read answered by it.
func listPath(r route, account string) string {
	p, err := r.expand(account, "")
	if err != nil {
		return r.template(account)
	}
	return p
}

// RefreshAPIKey reads one API key for a refresh, from the account's list.
func (c *Client) RefreshAPIKey(ctx context.Context, accountID, credentialID string) (*APIKey, error) {
	return refreshOne(ctx, c, snapshotKey{kindAPIKeys, accountID}, credentialID,
		func(ctx context.Context) ([]APIKey, string, error) {
			items, err := c.ListAPIKeys(ctx, accountID)
			return items, listPath(routeListAPIKeys, accountID), err
		},
		func(k APIKey) string { return k.CredentialID },
		func(ctx context.Context) (*APIKey, error) { return c.GetAPIKey(ctx, accountID, credentialID) })
}

// RefreshClientID reads one client ID for a refresh, from the account's list.
func (c *Client) RefreshClientID(ctx context.Context, accountID, credentialID string) (*ClientID, error) {
	return refreshOne(ctx, c, snapshotKey{kindClientIDs, accountID}, credentialID,
		func(ctx context.Context) ([]ClientID, string, error) {
			items, err := c.ListClientIDs(ctx, accountID)
			return items, listPath(routeListClientIDs, accountID), err
		},
		func(k ClientID) string { return k.CredentialID },
		func(ctx context.Context) (*ClientID, error) { return c.GetClientID(ctx, accountID, credentialID) })
}

// RefreshClientCertificate reads one certificate for a refresh, from the account's list.
func (c *Client) RefreshClientCertificate(ctx context.Context, accountID, certificateID string) (*ClientCertificate, error) {
	return refreshOne(ctx, c, snapshotKey{kindCertificates, accountID}, certificateID,
		func(ctx context.Context) ([]ClientCertificate, string, error) {
			items, err := c.ListClientCertificates(ctx, accountID)
			return items, listPath(routeListCertificates, accountID), err
		},
		func(k ClientCertificate) string { return k.CertificateID },
		func(ctx context.Context) (*ClientCertificate, error) {
			return c.GetClientCertificate(ctx, accountID, certificateID)
		})
}

// RefreshUserAccess reads the grant f names by all three keys for a refresh, from the list of
// f.AccountID's grants: a list of that grant alone, or of none when it is gone (the answer
// ListUserAccess gives for f).
func (c *Client) RefreshUserAccess(ctx context.Context, f UserAccessFilter) ([]UserAccess, error) {
	if f.AccountID == "" || f.OnBehalfOf == "" || f.Principal == "" {
		return c.ListUserAccess(ctx, f)
	}
	byAccount := UserAccessFilter{AccountID: f.AccountID}
	g, err := refreshOne(ctx, c, snapshotKey{kindUserAccess, f.AccountID}, grantKey(f.OnBehalfOf, f.Principal),
		func(ctx context.Context) ([]UserAccess, string, error) {
			items, err := c.ListUserAccess(ctx, byAccount)
			return items, ownPrefix + routeListUserAccess.path, err
		},
		func(g UserAccess) string { return grantKey(g.OnBehalfOf, g.Principal) },
		func(ctx context.Context) (*UserAccess, error) {
			items, err := c.ListUserAccess(ctx, f)
			if err != nil {
				return nil, err
			}
			for i := range items {
				if grantKey(items[i].OnBehalfOf, items[i].Principal) == grantKey(f.OnBehalfOf, f.Principal) {
					return &items[i], nil
				}
			}
			return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet,
				Path: ownPrefix + routeListUserAccess.path, ErrorType: ErrorTypeResource, ErrorCode: CodeNotFound}
		})
	if IsNotFound(err) {
		return []UserAccess{}, nil
	}
	if err != nil {
		return nil, err
	}
	return []UserAccess{*g}, nil
}

// grantKey identifies a grant within one account's list; principals compare without case.
func grantKey(onBehalfOf, principal string) string {
	return onBehalfOf + "\x00" + strings.ToLower(principal)
}
