# The smallest template: a workspace built from it holds one resource and no agent.
variable "greeting" {
  type    = string
  default = "hello"
}

resource "terraform_data" "dev" {
  input = var.greeting
}
