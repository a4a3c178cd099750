# Turnpike compatibility fixture: models, request validators and an authorizer (api_key_source
# AUTHORIZER) on a method, as the provider's documented examples declare them. Turnpike stores them;
# the method with the authorizer fails closed. test_terraform.py applies, re-plans, updates and destroys it.

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

variable "ttl" {
  type    = number
  default = 300
}

variable "validate_parameters" {
  type    = bool
  default = false
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

resource "aws_api_gateway_rest_api" "shop" {
  name           = "tf-definitions"
  api_key_source = "AUTHORIZER"
}

resource "aws_api_gateway_model" "pet" {
  rest_api_id  = aws_api_gateway_rest_api.shop.id
  name         = "Pet"
  description  = "a pet"
  content_type = "application/json"

  schema = jsonencode({
    "$schema" = "http://json-schema.org/draft-04/schema#"
    type      = "object"
    required  = ["name"]
    properties = {
      name = { type = "string" }
    }
  })
}

resource "aws_api_gateway_request_validator" "all" {
  rest_api_id                 = aws_api_gateway_rest_api.shop.id
  name                        = "all"
  validate_request_body       = true
  validate_request_parameters = var.validate_parameters
}

resource "aws_api_gateway_authorizer" "token" {
  rest_api_id                      = aws_api_gateway_rest_api.shop.id
  name                             = "token"
  authorizer_uri                   = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"
  authorizer_result_ttl_in_seconds = var.ttl
}

resource "aws_api_gateway_resource" "pets" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "pets"
}

resource "aws_api_gateway_method" "add_pet" {
  rest_api_id          = aws_api_gateway_rest_api.shop.id
  resource_id          = aws_api_gateway_resource.pets.id
  http_method          = "POST"
  authorization        = "CUSTOM"
  authorizer_id        = aws_api_gateway_authorizer.token.id
  request_validator_id = aws_api_gateway_request_validator.all.id

  request_models = {
    "application/json" = aws_api_gateway_model.pet.name
  }
}

resource "aws_api_gateway_integration" "add_pet" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.add_pet.http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = "{\"statusCode\": 200}"
  }
}

resource "aws_api_gateway_deployment" "shop" {
  rest_api_id = aws_api_gateway_rest_api.shop.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_method.add_pet.id,
      aws_api_gateway_integration.add_pet.id,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_api_gateway_integration.add_pet]
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "prod"
}

output "rest_api_id" {
  value = aws_api_gateway_rest_api.shop.id
}

output "authorizer_id" {
  value = aws_api_gateway_authorizer.token.id
}

output "validator_id" {
  value = aws_api_gateway_request_validator.all.id
}
