# Turnpike compatibility fixture for the hashicorp/aws provider (API Gateway REST APIs,
# API keys and usage plans). test_terraform.py applies, re-plans, updates and destroys it.

variable "quota_limit" {
  type    = number
  default = 1000
}

variable "pets_get_rate_limit" {
  type    = number
  default = 2
}

variable "endpoint_type" {
  type    = string
  default = "REGIONAL"
}

variable "plan_description" {
  type    = string
  default = "created by terraform"
}

resource "aws_api_gateway_rest_api" "pets" {
  name        = "tf-pets"
  description = "Turnpike terraform fixture"

  endpoint_configuration {
    types = [var.endpoint_type]
  }
}

resource "aws_api_gateway_gateway_response" "throttled" {
  rest_api_id   = aws_api_gateway_rest_api.pets.id
  response_type = "THROTTLED"
  status_code   = "429"

  response_templates = {
    "application/json" = "{\"message\": \"slow down\"}"
  }

  response_parameters = {
    "gatewayresponse.header.Retry-After" = "'1'"
  }
}

resource "aws_api_gateway_resource" "pets" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  parent_id   = aws_api_gateway_rest_api.pets.root_resource_id
  path_part   = "pets"
}

resource "aws_api_gateway_resource" "pet" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  parent_id   = aws_api_gateway_resource.pets.id
  path_part   = "{id}"
}

resource "aws_api_gateway_method" "list_pets" {
  rest_api_id      = aws_api_gateway_rest_api.pets.id
  resource_id      = aws_api_gateway_resource.pets.id
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = true
}

resource "aws_api_gateway_integration" "list_pets" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.list_pets.http_method
  type        = "MOCK"
  request_templates = {
    "application/json" = "{\"statusCode\": 200}"
  }
}

resource "aws_api_gateway_method_response" "list_pets_200" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.list_pets.http_method
  status_code = "200"
}

resource "aws_api_gateway_integration_response" "list_pets_200" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.list_pets.http_method
  status_code = aws_api_gateway_method_response.list_pets_200.status_code

  response_templates = {
    "application/json" = "[{\"id\": 1}]"
  }

  depends_on = [aws_api_gateway_integration.list_pets]
}

resource "aws_api_gateway_method" "get_pet" {
  rest_api_id      = aws_api_gateway_rest_api.pets.id
  resource_id      = aws_api_gateway_resource.pet.id
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = true
  request_parameters = {
    "method.request.path.id" = true
  }
}

resource "aws_api_gateway_integration" "get_pet" {
  rest_api_id             = aws_api_gateway_rest_api.pets.id
  resource_id             = aws_api_gateway_resource.pet.id
  http_method             = aws_api_gateway_method.get_pet.http_method
  type                    = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                     = "http://127.0.0.1:9/pets/{id}"
  request_parameters = {
    "integration.request.path.id" = "method.request.path.id"
  }
}

resource "aws_api_gateway_deployment" "pets" {
  rest_api_id = aws_api_gateway_rest_api.pets.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.pets.id,
      aws_api_gateway_resource.pet.id,
      aws_api_gateway_method.list_pets.id,
      aws_api_gateway_method.get_pet.id,
      aws_api_gateway_integration.list_pets.id,
      aws_api_gateway_integration.get_pet.id,
      aws_api_gateway_integration_response.list_pets_200.id,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [
    aws_api_gateway_integration.list_pets,
    aws_api_gateway_integration.get_pet,
    aws_api_gateway_integration_response.list_pets_200,
  ]
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.pets.id
  deployment_id = aws_api_gateway_deployment.pets.id
  stage_name    = "prod"
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"

  settings {
    throttling_burst_limit = 50
    throttling_rate_limit  = 100
  }
}

resource "aws_api_gateway_api_key" "client" {
  name        = "tf-client"
  description = "terraform key"
  enabled     = true
}

resource "aws_api_gateway_usage_plan" "gold" {
  name        = "tf-gold"
  description = var.plan_description

  api_stages {
    api_id = aws_api_gateway_rest_api.pets.id
    stage  = aws_api_gateway_stage.prod.stage_name

    throttle {
      path        = "/pets/GET"
      burst_limit = 5
      rate_limit  = var.pets_get_rate_limit
    }
  }

  quota_settings {
    limit  = var.quota_limit
    offset = 0
    period = "DAY"
  }

  throttle_settings {
    burst_limit = 20
    rate_limit  = 10
  }
}

resource "aws_api_gateway_usage_plan_key" "client" {
  key_id        = aws_api_gateway_api_key.client.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.gold.id
}

output "rest_api_id" {
  value = aws_api_gateway_rest_api.pets.id
}

output "api_key_id" {
  value = aws_api_gateway_api_key.client.id
}

output "usage_plan_id" {
  value = aws_api_gateway_usage_plan.gold.id
}

output "deployment_id" {
  value = aws_api_gateway_deployment.pets.id
}
