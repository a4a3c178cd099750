# Turnpike compatibility fixture: a Lambda function behind an API key and a usage plan, the shape
# most real configurations have. `ANY /{proxy+}` is an AWS_PROXY integration whose function's
# alias comes from a stage variable. test_terraform_lambda.py applies it, calls it through the
# gateway (a fake Lambda Invoke API checks each call's signature), re-plans, updates and destroys
# (with the shared provider.tf beside it).
# The invoke ARN is written out: the provider's Lambda resources would need a Lambda service.

variable "function_arn" {
  type    = string
  default = "arn:aws:lambda:us-east-1:123456789012:function:pets"
}

variable "alias" {
  type    = string
  default = "live"
}

variable "quota_limit" {
  type    = number
  default = 1000
}

locals {
  # What aws_lambda_function.invoke_arn holds; the alias is the stage's variable.
  invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${var.function_arn}:$${stageVariables.alias}/invocations"
}

resource "aws_api_gateway_rest_api" "lambda" {
  name               = "tf-lambda"
  binary_media_types = ["image/png"]
}

resource "aws_api_gateway_resource" "proxy" {
  rest_api_id = aws_api_gateway_rest_api.lambda.id
  parent_id   = aws_api_gateway_rest_api.lambda.root_resource_id
  path_part   = "{proxy+}"
}

resource "aws_api_gateway_method" "proxy" {
  rest_api_id      = aws_api_gateway_rest_api.lambda.id
  resource_id      = aws_api_gateway_resource.proxy.id
  http_method      = "ANY"
  authorization    = "NONE"
  api_key_required = true
}

resource "aws_api_gateway_integration" "proxy" {
  rest_api_id             = aws_api_gateway_rest_api.lambda.id
  resource_id             = aws_api_gateway_resource.proxy.id
  http_method             = aws_api_gateway_method.proxy.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = local.invoke_arn
  credentials             = "arn:aws:iam::123456789012:role/apigateway-invokes-lambda"
  timeout_milliseconds    = 10000
}

resource "aws_api_gateway_deployment" "lambda" {
  rest_api_id = aws_api_gateway_rest_api.lambda.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.proxy.id,
      aws_api_gateway_method.proxy.id,
      aws_api_gateway_integration.proxy.id,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_api_gateway_integration.proxy]
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.lambda.id
  deployment_id = aws_api_gateway_deployment.lambda.id
  stage_name    = "prod"

  variables = {
    alias = var.alias
  }
}

resource "aws_api_gateway_api_key" "client" {
  name    = "tf-lambda-client"
  enabled = true
}

resource "aws_api_gateway_usage_plan" "lambda" {
  name = "tf-lambda-plan"

  api_stages {
    api_id = aws_api_gateway_rest_api.lambda.id
    stage  = aws_api_gateway_stage.prod.stage_name
  }

  quota_settings {
    limit  = var.quota_limit
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
  usage_plan_id = aws_api_gateway_usage_plan.lambda.id
}

output "rest_api_id" {
  value = aws_api_gateway_rest_api.lambda.id
}

output "api_key_id" {
  value = aws_api_gateway_api_key.client.id
}

output "usage_plan_id" {
  value = aws_api_gateway_usage_plan.lambda.id
}
