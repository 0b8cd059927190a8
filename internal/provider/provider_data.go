package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnerops/terraform-provider-klarna/internal/clock"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
)

// providerData is what resources and data sources get from Configure.
type providerData struct {
	client *klarna.Client
	// clock is the API server's time: the client's, which follows the Date header of every
	// response. Read it through now.
	clock       clock.Clock
	environment string // "live" or "test"
	// presentedFingerprint is the SHA-256 fingerprint of the mTLS client certificate the
	// provider presents, "" when it presents none.
	presentedFingerprint string

	// signer is the provider's portal signing identity; nil when none is configured.
	signer *signer

	// longWait is how long an operation may wait for the API before the user gets a
	// warning; 0 means the package's longWait.
	longWait time.Duration

	mu        sync.Mutex
	accountID string          // the caller's own account, given or discovered once
	lookup    *accountLookup  // the discovery of accountID in flight, nil when none is
	checked   map[string]bool // signing certificates found ACTIVE JWT_SIGNING certificates of the own account

	timeAsked sync.Once // now's one question to the API for its time
}

// configureData reads the provider data handed to a resource or data source.
func configureData(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider.", raw))
		return nil
	}
	return data
}

// now is the API server's current time, for every decision the provider makes by time:
// renewal windows, enforcement windows and the times of the JWTs it signs. The client
// learns it from the Date header of every response; when no response has come yet, one
// GET /v2/account asks for it first (shared by concurrent callers, and holding no lock that
// other work needs), so that such a decision never rests on the provider's own clock alone.
// Should that call fail, the own clock answers and the next call reports the error.
func (d *providerData) now(ctx context.Context) time.Time {
	if d.client != nil && !d.client.ServerTimeKnown() {
		d.timeAsked.Do(func() {
			if d.client.ServerTimeKnown() {
				return
			}
			who, err := d.client.WhoAmI(ctx)
			if err != nil {
				tflog.Warn(ctx, "Unable to read the API server's time; using the provider's own clock", map[string]any{"error": err.Error()})
				return
			}
			d.mu.Lock()
			if d.accountID == "" {
				d.accountID = who.AccountID
			}
			d.mu.Unlock()
		})
	}
	return d.clock.Now()
}

// accountLookup is one GET /v2/account that concurrent callers share.
type accountLookup struct {
	done    chan struct{} // closed when id and err are set
	waiters int           // callers waiting for it besides the one running it
	id      string
	err     error
}

// accountFor is the account a resource acts on: its account_id, or the provider's own.
func (d *providerData) accountFor(ctx context.Context, accountID string) (string, error) {
	if accountID != "" {
		return accountID, nil
	}
	return d.ownAccountID(ctx)
}

// isOwnAccount reports whether accountID ("" included) is the provider's own account.
func (d *providerData) isOwnAccount(ctx context.Context, accountID string) (bool, error) {
	if accountID == "" {
		return true, nil
	}
	own, err := d.ownAccountID(ctx)
	return own == accountID, err
}

// ownAccountID is the caller's own account KRN: the configured one, else discovered with
// GET /v2/account on first use. Concurrent callers share one lookup and its result, error
// included; no lock is held while it runs, and an error is not kept: the next caller after
// a failed lookup starts a new one.
func (d *providerData) ownAccountID(ctx context.Context) (string, error) {
	for {
		d.mu.Lock()
		if d.accountID != "" {
			id := d.accountID
			d.mu.Unlock()
			return id, nil
		}
		l := d.lookup
		leader := l == nil
		if leader {
			l = &accountLookup{done: make(chan struct{})}
			d.lookup = l
		} else {
			l.waiters++
		}
		d.mu.Unlock()

		if leader {
			who, err := d.client.WhoAmI(ctx)
			if err != nil {
				l.err = fmt.Errorf("discovering the provider's own account ID (GET /v2/account): %w", err)
			} else {
				l.id = who.AccountID
			}
			d.mu.Lock()
			if l.err == nil {
				d.accountID = l.id
			}
			d.lookup = nil
			d.mu.Unlock()
			close(l.done)
			return l.id, l.err
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("waiting for the provider's own account ID (GET /v2/account): %w", ctx.Err())
		case <-l.done:
		}
		// A lookup ended by its own caller's cancellation says nothing about this caller's:
		// try again, as the leader of a new lookup if none is running.
		if l.err != nil && ctx.Err() == nil && (errors.Is(l.err, context.Canceled) || errors.Is(l.err, context.DeadlineExceeded)) {
			continue
		}
		return l.id, l.err
	}
}

// accounts resolves an account_id: the account's KRN (the provider's own when accountID is
// null or unknown), and the account argument for the client ("" for the own account, whose
// routes are /v2/account/...).
func (d *providerData) accounts(ctx context.Context, accountID types.String) (resolved, call string, err error) {
	resolved = accountID.ValueString()
	if accountID.IsNull() || accountID.IsUnknown() {
		if resolved, err = d.ownAccountID(ctx); err != nil {
			return "", "", err
		}
	}
	call, err = d.apiAccount(ctx, resolved)
	return resolved, call, err
}

// resolvedAccount is the account KRN an account_id names: the value itself, or the
// provider's own account where it is null or unknown (looked up only then).
func (d *providerData) resolvedAccount(ctx context.Context, accountID types.String) (string, error) {
	if accountID.IsNull() || accountID.IsUnknown() {
		return d.ownAccountID(ctx)
	}
	return accountID.ValueString(), nil
}

// apiAccount is the client's account argument for an account KRN: "" for the provider's own.
func (d *providerData) apiAccount(ctx context.Context, accountID string) (string, error) {
	if accountID == "" {
		return "", nil
	}
	own, err := d.ownAccountID(ctx)
	if err != nil {
		return "", err
	}
	if accountID == own {
		return "", nil
	}
	return accountID, nil
}

// readAccount is the client's account argument for the account a read asks about. It first
// fills a null account_id (state written before account_id was computed, or an import by bare
// ID) with the provider's own account KRN.
func (d *providerData) readAccount(ctx context.Context, accountID *types.String) (string, error) {
	if accountID.IsNull() {
		own, err := d.ownAccountID(ctx)
		if err != nil {
			return "", err
		}
		*accountID = types.StringValue(own)
	}
	return d.apiAccount(ctx, accountID.ValueString())
}

// checkAccountEnvironment refuses an account_id of the other environment.
func checkAccountEnvironment(accountID types.String, data *providerData, diags *diag.Diagnostics) {
	if data == nil || accountID.IsNull() || accountID.IsUnknown() {
		return
	}
	if a, err := krn.Parse(accountID.ValueString()); err == nil && a.Environment != data.environment {
		diags.AddAttributeError(path.Root("account_id"), "Account ID of the wrong environment",
			fmt.Sprintf("account_id %s is a %s account, but the provider is configured for the %s environment.",
				accountID.ValueString(), a.Environment, data.environment))
	}
}

// checkAccountBoundary refuses at plan an account_id (at) that is neither the provider's own
// account nor a partner account onboarded through it, which the API would refuse with 403 on
// every request at apply. Callers check only an account a create or a move would send
// requests to. An account not known yet (onboarded in the same apply) is checked when the
// apply plans it again; each account is looked up once per operation (a client's
// IsPartnerAccount), however many resources name it, and an account the provider has just
// onboarded counts as a partner at once. An account of the other environment is left to
// checkAccountEnvironment; a failed lookup only warns, and the apply will tell.
func (d *providerData) checkAccountBoundary(ctx context.Context, accountID types.String, at path.Path, diags *diag.Diagnostics) {
	if d == nil || d.client == nil || accountID.IsNull() || accountID.IsUnknown() {
		return
	}
	id := accountID.ValueString()
	if a, err := krn.Parse(id); err != nil || a.Environment != d.environment {
		return
	}
	own, err := d.isOwnAccount(ctx, id)
	if own && err == nil {
		return
	}
	partner := false
	if err == nil {
		partner, err = d.client.IsPartnerAccount(ctx, id)
	}
	if err != nil {
		diags.AddAttributeWarning(at, "Unable to check the account", fmt.Sprintf("Looking up account %s failed, so the plan "+
			"cannot tell whether it is a partner account onboarded through the provider's account; the apply will.\n\n%s",
			id, apiErrorDetail("partner account", id, err)))
		return
	}
	if !partner {
		diags.AddAttributeError(at, "Account outside the provider's account", fmt.Sprintf("%s %s is neither the provider's own "+
			"account nor a partner account onboarded through it, so Klarna would refuse every request for it (403 FORBIDDEN). "+
			"Set %s to a partner account onboarded through the provider's account: the id of a klarna_partner_account, or one "+
			"data.klarna_partner_account reads.", at, id, at))
	}
}
