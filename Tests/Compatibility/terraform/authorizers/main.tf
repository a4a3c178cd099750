# Turnpike compatibility fixture: a REST API whose keys come from its authorizer (api_key_source
# AUTHORIZER), a TOKEN and a REQUEST Lambda authorizer with a role to invoke them, and methods that
# use them, as the provider's aws_api_gateway_authorizer example declares them. Turnpike stores the
# authorizers and fails closed: every method that needs one (or a key) answers 500.
# test_terraform.py applies, re-plans, updates (TTL, identity source) and destroys it.

variable "ttl" {
  type    = number
  default = 300
}

variable "request_identity_source" {
  type    = string
  default = "method.request.header.Authorization"
}

locals {
  lambda_uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"
}

resource "aws_api_gateway_rest_api" "shop" {
  name           = "tf-authorizers"
  api_key_source = "AUTHORIZER"
}

resource "aws_api_gateway_authorizer" "token" {
  rest_api_id                      = aws_api_gateway_rest_api.shop.id
  name                             = "token"
  authorizer_uri                   = local.lambda_uri
  authorizer_credentials           = "arn:aws:iam::123456789012:role/api_gateway_auth_invocation"
  authorizer_result_ttl_in_seconds = var.ttl
  identity_validation_expression   = "^Bearer [-0-9a-zA-Z._]*$"
}

resource "aws_api_gateway_authorizer" "request" {
  rest_api_id                      = aws_api_gateway_rest_api.shop.id
  name                             = "request"
  type                             = "REQUEST"
  authorizer_uri                   = local.lambda_uri
  identity_source                  = "${var.request_identity_source},method.request.querystring.tenant"
  authorizer_result_ttl_in_seconds = 0
}

resource "aws_api_gateway_resource" "pets" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "pets"
}

resource "aws_api_gateway_method" "list_pets" {
  rest_api_id      = aws_api_gateway_rest_api.shop.id
  resource_id      = aws_api_gateway_resource.pets.id
  http_method      = "GET"
  authorization    = "CUSTOM"
  authorizer_id    = aws_api_gateway_authorizer.request.id
  api_key_required = true
}

resource "aws_api_gateway_method" "add_pet" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_resource.pets.id
  http_method   = "POST"
  authorization = "CUSTOM"
  authorizer_id = aws_api_gateway_authorizer.token.id
}

resource "aws_api_gateway_method" "count_pets" {
  rest_api_id      = aws_api_gateway_rest_api.shop.id
  resource_id      = aws_api_gateway_resource.pets.id
  http_method      = "HEAD"
  authorization    = "NONE"
  api_key_required = true
}

resource "aws_api_gateway_integration" "pets" {
  for_each = {
    GET  = aws_api_gateway_method.list_pets.http_method
    POST = aws_api_gateway_method.add_pet.http_method
    HEAD = aws_api_gateway_method.count_pets.http_method
  }

  rest_api_id       = aws_api_gateway_rest_api.shop.id
  resource_id       = aws_api_gateway_resource.pets.id
  http_method       = each.value
  type              = "MOCK"
  request_templates = { "application/json" = "{\"statusCode\": 200}" }
}

resource "aws_api_gateway_deployment" "shop" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  depends_on  = [aws_api_gateway_integration.pets]
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "prod"
}

output "rest_api_id" {
  value = aws_api_gateway_rest_api.shop.id
}

output "token_authorizer_id" {
  value = aws_api_gateway_authorizer.token.id
}

output "request_authorizer_id" {
  value = aws_api_gateway_authorizer.request.id
}
