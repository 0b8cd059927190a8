variable "account_id" {
  description = "A partner account onboarded earlier (a KRN such as krn:partner:global:account:live:LYABCDEI), through the provider's account and not the provider's own account. Give it, or partner to onboard a new one."
  type        = string
  default     = null

  validation {
    condition     = var.account_id == null ? true : can(regex("^krn:partner:global:account:(live|test):[A-Z0-9]{1,64}$", var.account_id))
    error_message = "The account_id must be a KRN of the form krn:partner:global:account:<live|test>:<ID>, where <ID> is upper-case letters and digits (for example krn:partner:global:account:live:LYABCDEI)."
  }
}

variable "origins" {
  description = "The web origins allowed to use the partner's client ID: https://host[:port] with a lower-case host and no path, query, fragment or trailing slash; http:// only for localhost. Between 1 and 100 origins. Null (the default) takes the origins of the WEBSITE stores in partner."
  type        = list(string)
  default     = null

  validation {
    condition     = var.origins == null ? true : length(var.origins) >= 1 && length(var.origins) <= 100
    error_message = "The origins list must hold between 1 and 100 origins."
  }

  validation {
    condition = alltrue([
      for o in(var.origins == null ? [] : var.origins) :
      o == null ? false : (
        can(regex("^https://[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[1-9][0-9]{0,4})?$", o)) ||
        can(regex("^http://localhost(:[1-9][0-9]{0,4})?$", o))
      )
    ])
    error_message = "Every origin must be https://host[:port] with a lower-case host and no path, query, fragment or trailing slash, or http://localhost[:port]; http:// is not allowed for any other host."
  }
}

variable "users" {
  description = "People who get access to the partner account in Klarna's Partner Portal. Each has an email address (unique regardless of case), one or more roles from merchant:admin, merchant:developer and merchant:agent, and optionally on_behalf_of: the account the person acts as, either account_id (the default) or the provider's own account."
  type = list(object({
    email        = string
    roles        = set(string)
    on_behalf_of = optional(string)
  }))
  default  = []
  nullable = false

  # Every rule below passes over what another rule reports (a null user, email or roles), so
  # that each bad input gets the message of its own rule and never a raw evaluation error.
  validation {
    condition     = alltrue([for u in var.users : u != null])
    error_message = "Every entry of users must be a user ({ email, roles, on_behalf_of }), not null."
  }

  validation {
    condition = alltrue([
      for u in var.users :
      u == null ? true : (u.email == null ? false : can(regex("^[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+$", u.email)))
    ])
    error_message = "Every user needs an email address of the form name@example.com."
  }

  validation {
    condition = length(distinct([
      for u in var.users : lower(u.email) if(u == null ? false : u.email != null)
      ])) == length([
      for u in var.users : u.email if(u == null ? false : u.email != null)
    ])
    error_message = "Each email address may appear only once in users (addresses are compared without regard to case)."
  }

  validation {
    condition = alltrue([
      for u in var.users : u == null ? true : (u.roles == null ? false : length(u.roles) > 0)
    ])
    error_message = "Every user needs at least one role: merchant:admin, merchant:developer or merchant:agent."
  }

  validation {
    condition = alltrue([
      for u in var.users : (u == null ? true : u.roles == null) ? true : alltrue([
        for r in u.roles : r == null ? false : contains(["merchant:admin", "merchant:developer", "merchant:agent"], r)
      ])
    ])
    error_message = "User roles must be one or more of merchant:admin, merchant:developer and merchant:agent."
  }

  validation {
    condition = alltrue([
      for u in var.users :
      (u == null ? true : u.on_behalf_of == null) ? true : can(regex("^krn:partner:global:account:(live|test):[A-Z0-9]{1,64}$", u.on_behalf_of))
    ])
    error_message = "A user's on_behalf_of, when set, must be an account KRN of the form krn:partner:global:account:<live|test>:<ID>."
  }
}

variable "description" {
  description = "The description of the partner's API key and client ID: letters, digits, spaces and - : ; . , _ (at most 100 characters)."
  type        = string
  default     = "partner onboarding"
  nullable    = false

  validation {
    condition     = can(regex("^[a-zA-Z0-9:;., _-]{0,100}$", var.description))
    error_message = "The description may only contain letters, digits, spaces and - : ; . , _ and may have at most 100 characters."
  }
}

variable "key_rotation" {
  description = "Any value; changing it replaces the partner's API key with a new one. The apply creates the new key before it deletes the old one, so a failed create leaves the old key in place."
  type        = string
  default     = ""
  nullable    = false
}

variable "partner" {
  description = "The partner to onboard as a new Klarna partner account (klarna_partner_account): reference (your own unique reference, 1 to 255 of A-Z a-z 0-9 - _ . :), name, contact_email, payment_profile_id (see data.klarna_payment_profiles), and optionally business_entities, brands and stores (WEBSITE stores with their https:// url, PHYSICAL_STORE or MOBILE_APP). Null when account_id names an account onboarded earlier. Destroying the module disables the account's payment product; Klarna keeps the account."
  type = object({
    reference          = string
    name               = string
    contact_email      = string
    payment_profile_id = string
    business_entities = optional(list(object({
      reference  = string
      legal_name = string
      country    = string
    })), [])
    brands = optional(list(object({
      reference = string
      name      = string
    })), [])
    stores = optional(list(object({
      reference = string
      type      = string
      name      = string
      url       = optional(string)
    })), [])
  })
  default = null

  validation {
    condition     = var.partner == null ? true : (var.partner.reference == null ? false : can(regex("^[A-Za-z0-9._:-]{1,255}$", var.partner.reference)))
    error_message = "The partner's reference must be 1 to 255 characters from A-Z a-z 0-9 - _ . :."
  }

  validation {
    condition = var.partner == null ? true : alltrue([
      for s in var.partner.stores :
      (s == null ? true : s.type == null) ? false : contains(["WEBSITE", "PHYSICAL_STORE", "MOBILE_APP"], s.type) && ((s.type == "WEBSITE") == (s.url != null))
    ])
    error_message = "Every store of partner.stores must be a store with a type: WEBSITE (with its https:// url), PHYSICAL_STORE or MOBILE_APP (both without url)."
  }

  validation {
    condition = var.partner == null ? true : alltrue([
      for s in var.partner.stores : (s == null ? true : s.url == null) ? true : can(regex("^https://[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[1-9][0-9]{0,4})?([/?#].*)?$", s.url))
    ])
    error_message = "A WEBSITE store's url must be https:// with a lower-case host; its origin becomes the client ID's when origins is not given."
  }
}

variable "webhook" {
  description = "The partner's webhook, or null (the default) for none: url, where Klarna delivers the account's events (https://, on port 443 or 8443, no user information or fragment, at most 2048 characters), and event_types, 1 to 100 event types such as partner.account.state-change.operational, or partner.account.* for every event under partner.account. The module creates the webhook and a signing key of its own on the partner account."
  type = object({
    url         = string
    event_types = set(string)
  })
  default = null

  validation {
    # Counts characters (Unicode code points) as Klarna does: every match of (?s). is one.
    condition = (var.webhook == null ? true : var.webhook.url == null) ? var.webhook == null : (
      length(regexall("(?s).", var.webhook.url)) <= 2048 &&
      can(regex("^https://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:(443|8443))?(/[^\\s#]*)?$", var.webhook.url))
    )
    error_message = "The webhook's url is required and must be https://host[:port][/path] on port 443 (the default) or 8443, with no user information or fragment and at most 2048 characters."
  }

  validation {
    condition     = (var.webhook == null ? true : var.webhook.event_types == null) ? var.webhook == null : length(var.webhook.event_types) >= 1 && length(var.webhook.event_types) <= 100
    error_message = "The webhook needs event_types: between 1 and 100 event types."
  }

  validation {
    condition = (var.webhook == null ? true : var.webhook.event_types == null) ? true : alltrue([
      for t in var.webhook.event_types :
      t == null ? false : length(regexall("(?s).", t)) <= 255 && can(regex("^[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)*(\\.\\*)?$", t))
    ])
    error_message = "Every webhook event type must be dot-separated segments of lower-case letters, digits and inner hyphens (such as partner.account.state-change.operational), with * only as the last segment after at least one other (partner.account.*), at most 255 characters."
  }
}

variable "onboarding_timeout" {
  description = "How long onboarding the partner (partner given) waits for the new account to become OPERATIONAL: a positive duration such as \"10m\" or \"1h30m\" (the create timeout of klarna_partner_account). When it runs out the account is kept, PARTIALLY_OPERATIONAL, with a warning. Default 5m."
  type        = string
  default     = "5m"
  nullable    = false

  validation {
    condition     = can(regex("^(([0-9]*\\.)?[0-9]+(ns|us|µs|μs|ms|s|m|h))+$", var.onboarding_timeout)) && can(regex("[1-9]", var.onboarding_timeout))
    error_message = "The onboarding_timeout must be a positive duration: numbers each with a unit of h, m, s, ms, us or ns, such as \"10m\" or \"1h30m\"."
  }
}
