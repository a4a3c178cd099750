# Turnpike compatibility fixture: a stage with canary settings (a second deployment, a traffic
# share, stage variable overrides) and cache settings, as the provider's aws_api_gateway_stage
# documents them. Turnpike stores both with no effect on invoke: every request goes to the stage's
# deployment. test_terraform.py applies, re-plans, updates (the share) and destroys it.

variable "canary_percent" {
  type    = number
  default = 10
}

module "hello" {
  source = "../modules/hello"
  name   = "tf-canary"
}

resource "aws_api_gateway_deployment" "canary" {
  rest_api_id = module.hello.rest_api_id
  description = "the canary"
  depends_on  = [module.hello]
}

resource "aws_api_gateway_stage" "live" {
  rest_api_id           = module.hello.rest_api_id
  deployment_id         = module.hello.deployment_id
  stage_name            = "live"
  cache_cluster_enabled = true
  cache_cluster_size    = "0.5"
  variables             = { color = "green" }

  canary_settings {
    deployment_id            = aws_api_gateway_deployment.canary.id
    percent_traffic          = var.canary_percent
    stage_variable_overrides = { color = "blue" }
    use_stage_cache          = false
  }
}

output "rest_api_id" {
  value = module.hello.rest_api_id
}

output "canary_deployment_id" {
  value = aws_api_gateway_deployment.canary.id
}
