# Turnpike compatibility fixture: a stage with a canary, a client certificate, access log settings
# and cache settings, a VPC link, documentation parts and a documentation version, as the provider's
# documented examples declare them. Turnpike stores them with no effect on invoke.
# test_terraform.py applies, re-plans, updates and destroys it.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "endpoint" {
  type = string
}

variable "access_key" {
  type = string
}

variable "secret_key" {
  type      = string
  sensitive = true
}

variable "canary_percent" {
  type    = number
  default = 10
}

variable "certificate_description" {
  type    = string
  default = "backend certificate"
}

variable "log_format" {
  type    = string
  default = "$context.requestId $context.status"
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = var.access_key
  secret_key                  = var.secret_key
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true

  endpoints {
    apigateway = var.endpoint
  }
}

resource "aws_api_gateway_rest_api" "hello" {
  name = "tf-stage"
}

resource "aws_api_gateway_resource" "hello" {
  rest_api_id = aws_api_gateway_rest_api.hello.id
  parent_id   = aws_api_gateway_rest_api.hello.root_resource_id
  path_part   = "hello"
}

resource "aws_api_gateway_method" "hello" {
  rest_api_id   = aws_api_gateway_rest_api.hello.id
  resource_id   = aws_api_gateway_resource.hello.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "hello" {
  rest_api_id       = aws_api_gateway_rest_api.hello.id
  resource_id       = aws_api_gateway_resource.hello.id
  http_method       = aws_api_gateway_method.hello.http_method
  type              = "MOCK"
  request_templates = { "application/json" = "{\"statusCode\": 200}" }
}

resource "aws_api_gateway_method_response" "hello" {
  rest_api_id = aws_api_gateway_rest_api.hello.id
  resource_id = aws_api_gateway_resource.hello.id
  http_method = aws_api_gateway_method.hello.http_method
  status_code = "200"
}

resource "aws_api_gateway_integration_response" "hello" {
  rest_api_id        = aws_api_gateway_rest_api.hello.id
  resource_id        = aws_api_gateway_resource.hello.id
  http_method        = aws_api_gateway_method.hello.http_method
  status_code        = aws_api_gateway_method_response.hello.status_code
  response_templates = { "application/json" = "{\"hello\": \"domain\"}" }
}

resource "aws_api_gateway_deployment" "hello" {
  rest_api_id = aws_api_gateway_rest_api.hello.id
  depends_on  = [aws_api_gateway_integration_response.hello]
}

resource "aws_api_gateway_client_certificate" "backend" {
  description = var.certificate_description
}

resource "aws_api_gateway_vpc_link" "nlb" {
  name        = "tf-nlb"
  description = "to the private load balancer"
  target_arns = ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/tf-nlb/0123456789abcdef"]
}

resource "aws_api_gateway_deployment" "canary" {
  rest_api_id = aws_api_gateway_rest_api.hello.id
  description = "the canary"
  depends_on  = [aws_api_gateway_integration_response.hello]
}

resource "aws_api_gateway_stage" "live" {
  rest_api_id           = aws_api_gateway_rest_api.hello.id
  deployment_id         = aws_api_gateway_deployment.hello.id
  stage_name            = "live"
  client_certificate_id = aws_api_gateway_client_certificate.backend.id
  cache_cluster_enabled = true
  cache_cluster_size    = "0.5"

  access_log_settings {
    destination_arn = "arn:aws:logs:us-east-1:123456789012:log-group:tf-access"
    format          = var.log_format
  }

  canary_settings {
    deployment_id            = aws_api_gateway_deployment.canary.id
    percent_traffic          = var.canary_percent
    stage_variable_overrides = { color = "blue" }
    use_stage_cache          = false
  }
}

resource "aws_api_gateway_documentation_part" "api" {
  rest_api_id = aws_api_gateway_rest_api.hello.id
  properties  = jsonencode({ description = "the hello API" })

  location {
    type = "API"
  }
}

resource "aws_api_gateway_documentation_part" "method" {
  rest_api_id = aws_api_gateway_rest_api.hello.id
  properties  = jsonencode({ summary = "says hello" })

  location {
    type   = "METHOD"
    method = "GET"
    path   = "/hello"
  }
}

resource "aws_api_gateway_documentation_version" "v1" {
  rest_api_id = aws_api_gateway_rest_api.hello.id
  version     = "1.0.0"
  description = "first documented version"
  depends_on  = [aws_api_gateway_documentation_part.api, aws_api_gateway_documentation_part.method]
}

output "rest_api_id" {
  value = aws_api_gateway_rest_api.hello.id
}

output "client_certificate_id" {
  value = aws_api_gateway_client_certificate.backend.id
}

output "vpc_link_id" {
  value = aws_api_gateway_vpc_link.nlb.id
}

output "canary_deployment_id" {
  value = aws_api_gateway_deployment.canary.id
}
