# A REST API with one MOCK method, GET /hello answering `response`, and a deployment of it: the
# API the stage, domain, documentation and access-log configurations put their theme on.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "name" {
  type = string
}

variable "response" {
  type    = string
  default = "{\"hello\": \"world\"}"
}

resource "aws_api_gateway_rest_api" "hello" {
  name = var.name
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
  response_templates = { "application/json" = var.response }
  depends_on         = [aws_api_gateway_integration.hello]
}

resource "aws_api_gateway_deployment" "hello" {
  rest_api_id = aws_api_gateway_rest_api.hello.id
  depends_on  = [aws_api_gateway_integration_response.hello]
}

output "rest_api_id" {
  value = aws_api_gateway_rest_api.hello.id
}

output "deployment_id" {
  value = aws_api_gateway_deployment.hello.id
}
