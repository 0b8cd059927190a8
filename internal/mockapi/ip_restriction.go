package mockapi

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

// ipRestriction is an account's IP allow-list. A change takes effect at effectiveAt; until
// then the previous setting applies.
type ipRestriction struct {
	mode        string
	cidrs       []string
	effectiveAt *time.Time
	prevMode    string
	prevCIDRs   []string
}

// effective is the setting in effect at now.
func (ip *ipRestriction) effective(now time.Time) (string, []string) {
	if ip.effectiveAt != nil && now.Before(*ip.effectiveAt) {
		return ip.prevMode, ip.prevCIDRs
	}
	return ip.mode, ip.cidrs
}

func (ip *ipRestriction) view() IPRestriction {
	return IPRestriction{
		EnforcementMode: ip.mode,
		CIDRBlocks:      append([]string{}, ip.cidrs...),
		EffectiveAt:     ip.effectiveAt,
	}
}

// ipValidation is the Klarna-Ip-Validation-Status of a request authenticated as a at now,
// or "" while a's allow-list is not in effect.
func ipValidation(r *http.Request, a *account, now time.Time) string {
	mode, cidrs := a.ip.effective(now)
	if mode != apirules.IPModeReporting && mode != apirules.IPModeEnforced {
		return ""
	}
	return apirules.AddressAllowed(r.RemoteAddr, cidrs)
}

// ipRefusal is the 403 for a request that the caller's enforced allow-list refuses.
func ipRefusal(r *http.Request, a *account, now time.Time) (reply, bool) {
	mode, _ := a.ip.effective(now)
	if mode != apirules.IPModeEnforced {
		return reply{}, false
	}
	if st := ipValidation(r, a, now); st != apirules.IPValidationAllowed {
		return apiError(http.StatusForbidden, errorTypeAccess, codeIPNotAllowed,
			"the IP allow-list of the account that owns this API key is enforced and does not allow the request's address (validation status "+st+")"), true
	}
	return reply{}, false
}

// peekIPValidation is the validation status for a request whose key authenticates, ""
// otherwise. It takes s.mu.
func (s *Server) peekIPValidation(r *http.Request) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ref := s.authenticate(r)
	if ref == nil {
		return ""
	}
	return ipValidation(r, ref.account, s.now())
}

func (s *Server) getIPRestriction(c *reqCtx) reply {
	return reply{status: http.StatusOK, body: c.target.ip.view()}
}

func (s *Server) updateIPRestriction(c *reqCtx) reply {
	var req updateIPRestrictionRequest
	if rep, ok := decodeStrict(c.body, &req); !ok {
		return rep
	}
	ip := &c.target.ip
	mode, cidrs := ip.mode, ip.cidrs
	if req.EnforcementMode != nil {
		mode = *req.EnforcementMode
		if !slices.Contains([]string{apirules.IPModeNotEnabled, apirules.IPModeReporting, apirules.IPModeEnforced}, mode) {
			return validationError("enforcement_mode", "must be NOT_ENABLED, REPORTING or ENFORCED")
		}
	}
	if req.CIDRBlocks != nil {
		if len(req.CIDRBlocks) > apirules.MaxCIDRBlocks {
			return validationError("cidr_blocks", fmt.Sprintf("at most %d CIDR blocks are allowed", apirules.MaxCIDRBlocks))
		}
		seen := map[string]bool{}
		for i, b := range req.CIDRBlocks {
			if err := apirules.CheckCIDRBlock(b); err != nil {
				return validationError(fmt.Sprintf("cidr_blocks[%d]", i), err.Error())
			}
			if seen[b] {
				return validationError(fmt.Sprintf("cidr_blocks[%d]", i), "repeats a CIDR block")
			}
			seen[b] = true
		}
		cidrs = append([]string{}, req.CIDRBlocks...)
	}
	if mode == apirules.IPModeEnforced && len(cidrs) == 0 {
		return validationError("cidr_blocks", "ENFORCED with no CIDR block would refuse every request made with the account's keys")
	}
	ip.prevMode, ip.prevCIDRs = ip.effective(c.now)
	at := c.now.Add(s.opts.IPDelay)
	ip.mode, ip.cidrs, ip.effectiveAt = mode, cidrs, &at
	return reply{status: http.StatusOK, body: ip.view()}
}
