# Turnpike compatibility fixture: a custom domain name (REGIONAL, certificate by ARN) with a base
# path mapping to a stage, as the provider's documented example declares them. Turnpike records the
# certificate and routes requests whose Host is the domain name by the mapping.
# test_terraform.py applies, re-plans, updates (security policy, base path) and destroys it.

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

variable "base_path" {
  type    = string
  default = "v1"
}

variable "security_policy" {
  type    = string
  default = "TLS_1_2"
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
  name = "tf-domain"
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

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.hello.id
  deployment_id = aws_api_gateway_deployment.hello.id
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
  api_id      = aws_api_gateway_rest_api.hello.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  domain_name = aws_api_gateway_domain_name.api.domain_name
  base_path   = var.base_path
}

output "rest_api_id" {
  value = aws_api_gateway_rest_api.hello.id
}

output "regional_domain_name" {
  value = aws_api_gateway_domain_name.api.regional_domain_name
}
