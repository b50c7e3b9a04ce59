# The next revision of templates/docker, tried as a canary before it replaces templates/docker: the stack pushes this
# folder as a version of the "docker" template that is not active, named after the folder's content, so editing any
# file here pushes one new canary version (and archives the old one), nothing else does.
terraform {
  required_providers {
    coder  = { source = "coder/coder" }
    docker = { source = "kreuzwerker/docker" }
  }
}

variable "image" {
  type        = string
  description = "The workspace image."
  default     = "codercom/enterprise-base:latest"
}

# Set by the stack for every developer's workspace (Parameters = { ["memory"] = "4" }); mutable, so a change is one
# build of each workspace, not a replacement.
data "coder_parameter" "memory" {
  name         = "memory"
  display_name = "Memory (GB)"
  description  = "How much memory the workspace's container may use."
  type         = "number"
  default      = 4
  mutable      = true
  validation {
    min = 2
    max = 16
  }
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

resource "docker_container" "workspace" {
  count   = data.coder_workspace.me.start_count
  image   = var.image
  name    = "coder-${data.coder_workspace_owner.me.name}-${data.coder_workspace.me.name}"
  command = ["sh", "-c", coder_agent.main.init_script]
  env     = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]
  memory  = data.coder_parameter.memory.value * 1024
}
