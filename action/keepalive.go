package action

import (
	"context"
	"fmt"
	"path"
	"strings"
)

// KeepAlive re-enables the workflow file (e.g. "status.yml") through the
// API. GitHub disables a public repository's scheduled workflows after 60
// days without activity, and commits to a side branch such as the data
// branch do not count; enabling an enabled workflow is allowed and resets
// that clock. It needs the permission actions: write.
func (r *Repo) KeepAlive(ctx context.Context, workflowFile string) error {
	if workflowFile == "" {
		return fmt.Errorf("keep-alive: no workflow file")
	}
	if _, err := r.gh.Actions.EnableWorkflowByFileName(ctx, r.owner, r.name, workflowFile); err != nil {
		return fmt.Errorf("keep-alive %s: %w", workflowFile, err)
	}
	return nil
}

// WorkflowFile is the file name of the running workflow, from
// GITHUB_WORKFLOW_REF (owner/repo/.github/workflows/status.yml@refs/heads/main),
// or "" outside Actions.
func WorkflowFile(getenv func(string) string) string {
	ref, _, _ := strings.Cut(getenv("GITHUB_WORKFLOW_REF"), "@")
	if !strings.Contains(ref, "/.github/workflows/") {
		return ""
	}
	return path.Base(ref)
}
