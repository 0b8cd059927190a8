variable "account_id" {
  description = "The partner account to onboard (a KRN such as krn:partner:global:account:live:LYABCDEI). It must be onboarded through the provider's account and must not be the provider's own account."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^krn:partner:global:account:(live|test):[A-Z0-9]{1,64}$", var.account_id))
    error_message = "The account_id must be a KRN of the form krn:partner:global:account:<live|test>:<ID>, where <ID> is upper-case letters and digits (for example krn:partner:global:account:live:LYABCDEI)."
  }
}

variable "origins" {
  description = "The web origins allowed to use the partner's client ID: https://host[:port] with a lower-case host and no path, query, fragment or trailing slash; http:// only for localhost. Between 1 and 100 origins."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.origins) >= 1 && length(var.origins) <= 100
    error_message = "The origins list must hold between 1 and 100 origins."
  }

  validation {
    condition = alltrue([
      for o in var.origins :
      can(regex("^https://[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[1-9][0-9]{0,4})?$", o)) ||
      can(regex("^http://localhost(:[1-9][0-9]{0,4})?$", o))
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

  validation {
    condition     = alltrue([for u in var.users : can(regex("^[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+$", u.email))])
    error_message = "Every user needs an email address of the form name@example.com."
  }

  validation {
    condition     = length(distinct([for u in var.users : lower(u.email)])) == length(var.users)
    error_message = "Each email address may appear only once in users (addresses are compared without regard to case)."
  }

  validation {
    condition     = alltrue([for u in var.users : length(u.roles) > 0])
    error_message = "Every user needs at least one role: merchant:admin, merchant:developer or merchant:agent."
  }

  validation {
    condition = alltrue([
      for u in var.users : alltrue([
        for r in u.roles : contains(["merchant:admin", "merchant:developer", "merchant:agent"], r)
      ])
    ])
    error_message = "User roles must be one or more of merchant:admin, merchant:developer and merchant:agent."
  }

  validation {
    condition = alltrue([
      for u in var.users :
      u.on_behalf_of == null || can(regex("^krn:partner:global:account:(live|test):[A-Z0-9]{1,64}$", u.on_behalf_of))
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
