package main

import (
	"sort"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// serverObject is a credential or ACTIVE certificate on the mock whose description the
// campaign wrote.
type serverObject struct {
	typ         string
	id          string
	accountID   string
	description string
	address     string // the resource address its description names
}

// importCommand is the terraform import command that adopts the object.
func (o serverObject) importCommand(ownAccount string) string {
	id := o.id
	if o.accountID != ownAccount {
		id = o.accountID + "/" + o.id
	}
	return "terraform import " + o.address + " " + id
}

// campaignObjects lists what the campaign made that the mock still holds: every API key
// and client ID (deleted ones are gone) and every ACTIVE certificate.
func campaignObjects(accounts []mockapi.AccountState) []serverObject {
	var out []serverObject
	add := func(typ, id, accountID, desc string) {
		if addr, ok := addressFromDescription(desc); ok {
			out = append(out, serverObject{typ: typ, id: id, accountID: accountID, description: desc, address: addr})
		}
	}
	for _, a := range accounts {
		for _, k := range a.APIKeys {
			add(typeAPIKey, k.CredentialID, a.AccountID, k.Description)
		}
		for _, c := range a.ClientIDs {
			add(typeClientID, c.CredentialID, a.AccountID, c.Description)
		}
		for _, c := range a.ClientCertificates {
			if c.Status == apirules.CertificateActive {
				add(typeCertificate, c.CertificateID, a.AccountID, c.Description)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].address != out[j].address {
			return out[i].address < out[j].address
		}
		return out[i].id < out[j].id
	})
	return out
}

// auditResult compares the Terraform state with what the mock holds.
type auditResult struct {
	inState    int
	onServer   int
	duplicates []serverObject  // a second object for an address that is in state
	orphans    []serverObject  // an object for an address that is not in state
	missing    []stateResource // in state, but not on the mock (or no longer ACTIVE)
}

func audit(state []stateResource, objects []serverObject) auditResult {
	r := auditResult{inState: len(state), onServer: len(objects)}
	byAddress := map[string]stateResource{}
	for _, s := range state {
		byAddress[s.address] = s
	}
	found := map[string]bool{}
	for _, o := range objects {
		s, ok := byAddress[o.address]
		switch {
		case !ok:
			r.orphans = append(r.orphans, o)
		case s.id != o.id || s.typ != o.typ:
			r.duplicates = append(r.duplicates, o)
		default:
			found[s.address] = true
		}
	}
	for _, s := range state {
		if !found[s.address] {
			r.missing = append(r.missing, s)
		}
	}
	return r
}
