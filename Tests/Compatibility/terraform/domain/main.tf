# Turnpike compatibility fixture: a custom domain name (REGIONAL, certificate by ARN) with a base
# path mapping to a stage, as the provider's documented example declares them. Turnpike records the
# certificate and routes requests whose Host is the domain name by the mapping.
# test_terraform.py applies, re-plans, updates (security policy, base path) and destroys it.

variable "base_path" {
  type    = string
  default = "v1"
}

variable "security_policy" {
  type    = string
  default = "TLS_1_2"
}

module "hello" {
  source   = "../modules/hello"
  name     = "tf-domain"
  response = "{\"hello\": \"domain\"}"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = module.hello.rest_api_id
  deployment_id = module.hello.deployment_id
  stage_name    = "prod"
}

resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.turnpike.test"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/4a1b2c3d-0000-4000-8000-000000000001"
  security_policy          = var.security_policy

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = {
    team = "platform"
  }
}

resource "aws_api_gateway_base_path_mapping" "v1" {
  api_id      = module.hello.rest_api_id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  domain_name = aws_api_gateway_domain_name.api.domain_name
  base_path   = var.base_path
}

output "rest_api_id" {
  value = module.hello.rest_api_id
}

output "regional_domain_name" {
  value = aws_api_gateway_domain_name.api.regional_domain_name
}
