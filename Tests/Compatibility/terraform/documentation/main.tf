# Turnpike compatibility fixture: documentation parts (the API, a resource, a method, a response)
# and a documentation version published on a stage, as the provider's
# aws_api_gateway_documentation_part and _version examples declare them. Turnpike stores them with
# no effect on invoke. test_terraform.py applies, re-plans, updates (a part's properties, the
# version's description) and destroys it.

variable "method_summary" {
  type    = string
  default = "says hello"
}

variable "version_description" {
  type    = string
  default = "first documented version"
}

module "hello" {
  source = "../modules/hello"
  name   = "tf-documentation"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = module.hello.rest_api_id
  deployment_id = module.hello.deployment_id
  stage_name    = "prod"
}

resource "aws_api_gateway_documentation_part" "api" {
  rest_api_id = module.hello.rest_api_id
  properties  = jsonencode({ description = "the hello API", info = { contact = { name = "platform" } } })

  location {
    type = "API"
  }
}

resource "aws_api_gateway_documentation_part" "resource" {
  rest_api_id = module.hello.rest_api_id
  properties  = jsonencode({ description = "greetings" })

  location {
    type = "RESOURCE"
    path = "/hello"
  }
}

resource "aws_api_gateway_documentation_part" "method" {
  rest_api_id = module.hello.rest_api_id
  properties  = jsonencode({ summary = var.method_summary })

  location {
    type   = "METHOD"
    method = "GET"
    path   = "/hello"
  }
}

resource "aws_api_gateway_documentation_part" "ok" {
  rest_api_id = module.hello.rest_api_id
  properties  = jsonencode({ description = "a greeting" })

  location {
    type        = "RESPONSE"
    method      = "GET"
    path        = "/hello"
    status_code = "200"
  }
}

resource "aws_api_gateway_documentation_version" "v1" {
  rest_api_id = module.hello.rest_api_id
  version     = "1.0.0"
  description = var.version_description
  depends_on = [
    aws_api_gateway_documentation_part.api,
    aws_api_gateway_documentation_part.resource,
    aws_api_gateway_documentation_part.method,
    aws_api_gateway_documentation_part.ok,
  ]
}

output "rest_api_id" {
  value = module.hello.rest_api_id
}

output "method_part_id" {
  value = aws_api_gateway_documentation_part.method.documentation_part_id
}
