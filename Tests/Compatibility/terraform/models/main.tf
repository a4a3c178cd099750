# Turnpike compatibility fixture: a model and a request validator on a method, as the provider's
# documented examples declare them. Turnpike enforces them: a body the model refuses answers 400.
# test_terraform.py applies, re-plans, updates (model description, validator) and destroys it.

variable "model_description" {
  type    = string
  default = "a pet"
}

variable "validate_parameters" {
  type    = bool
  default = false
}

resource "aws_api_gateway_rest_api" "shop" {
  name = "tf-models"
}

resource "aws_api_gateway_model" "pet" {
  rest_api_id  = aws_api_gateway_rest_api.shop.id
  name         = "Pet"
  description  = var.model_description
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

resource "aws_api_gateway_resource" "pets" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "pets"
}

resource "aws_api_gateway_method" "add_pet" {
  rest_api_id          = aws_api_gateway_rest_api.shop.id
  resource_id          = aws_api_gateway_resource.pets.id
  http_method          = "POST"
  authorization        = "NONE"
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

output "validator_id" {
  value = aws_api_gateway_request_validator.all.id
}
