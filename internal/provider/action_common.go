package provider

// What the provider's actions share.

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
)

// progress sends a progress message to the CLI, which shows it while the action runs.
func progress(resp *action.InvokeResponse, message string) {
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: message})
	}
}
