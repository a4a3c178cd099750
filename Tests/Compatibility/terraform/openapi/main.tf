# Turnpike compatibility fixture: a REST API defined by an OpenAPI `body` (the provider's documented
# pattern, with x-amazon-apigateway-integration), deployed by a trigger on the body, and a usage plan
# with a WEEK quota offset by 2 days and a product code. test_terraform.py applies, re-plans,
# updates and destroys it.

variable "greeting" {
  type    = string
  default = "hello"
}

variable "quota_limit" {
  type    = number
  default = 5000
}

resource "aws_api_gateway_rest_api" "example" {
  name = "tf-openapi"

  body = jsonencode({
    openapi = "3.0.1"
    info = {
      title   = "tf-openapi"
      version = "1.0"
    }
    components = {
      securitySchemes = {
        api_key = {
          type = "apiKey"
          name = "x-api-key"
          in   = "header"
        }
      }
    }
    paths = {
      "/greeting" = {
        get = {
          security = [{ api_key = [] }]
          responses = {
            "200" = { description = "ok" }
          }
          x-amazon-apigateway-integration = {
            type = "MOCK"
            requestTemplates = {
              "application/json" = "{\"statusCode\": 200}"
            }
            responses = {
              default = {
                statusCode = "200"
                responseTemplates = {
                  "application/json" = "{\"greeting\": \"${var.greeting}\"}"
                }
              }
            }
          }
        }
      }
      "/path1" = {
        get = {
          x-amazon-apigateway-integration = {
            httpMethod           = "GET"
            payloadFormatVersion = "1.0"
            type                 = "HTTP_PROXY"
            uri                  = "http://127.0.0.1:9/ip-ranges.json"
          }
        }
      }
    }
  })

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_deployment" "example" {
  rest_api_id = aws_api_gateway_rest_api.example.id

  triggers = {
    redeployment = sha1(jsonencode(aws_api_gateway_rest_api.example.body))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "example" {
  deployment_id = aws_api_gateway_deployment.example.id
  rest_api_id   = aws_api_gateway_rest_api.example.id
  stage_name    = "example"
}

resource "aws_api_gateway_api_key" "client" {
  name = "tf-openapi-client"
}

resource "aws_api_gateway_usage_plan" "example" {
  name         = "tf-openapi-plan"
  description  = "weekly plan"
  product_code = "turnpike-pro"

  api_stages {
    api_id = aws_api_gateway_rest_api.example.id
    stage  = aws_api_gateway_stage.example.stage_name
  }

  quota_settings {
    limit  = var.quota_limit
    offset = 2
    period = "WEEK"
  }

  throttle_settings {
    burst_limit = 5
    rate_limit  = 10
  }
}

resource "aws_api_gateway_usage_plan_key" "client" {
  key_id        = aws_api_gateway_api_key.client.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.example.id
}

output "rest_api_id" {
  value = aws_api_gateway_rest_api.example.id
}

output "api_key_id" {
  value = aws_api_gateway_api_key.client.id
}

output "usage_plan_id" {
  value = aws_api_gateway_usage_plan.example.id
}
