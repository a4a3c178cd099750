# Turnpike compatibility fixture: a VPC link to a network load balancer and a client certificate
# that a stage presents to its backends, as the provider's aws_api_gateway_vpc_link and
# aws_api_gateway_client_certificate examples declare them. Turnpike stores both with no effect on
# invoke (it generates the certificate, a real self-signed PEM). test_terraform.py applies,
# re-plans, updates (both descriptions) and destroys it.

variable "link_description" {
  type    = string
  default = "to the private load balancer"
}

variable "certificate_description" {
  type    = string
  default = "backend certificate"
}

resource "aws_api_gateway_vpc_link" "nlb" {
  name        = "tf-nlb"
  description = var.link_description
  target_arns = ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/tf-nlb/0123456789abcdef"]

  tags = {
    team = "network"
  }
}

resource "aws_api_gateway_client_certificate" "backend" {
  description = var.certificate_description

  tags = {
    team = "network"
  }
}

module "hello" {
  source = "../modules/hello"
  name   = "tf-vpc-link"
}

resource "aws_api_gateway_stage" "live" {
  rest_api_id           = module.hello.rest_api_id
  deployment_id         = module.hello.deployment_id
  stage_name            = "live"
  client_certificate_id = aws_api_gateway_client_certificate.backend.id
}

output "rest_api_id" {
  value = module.hello.rest_api_id
}

output "vpc_link_id" {
  value = aws_api_gateway_vpc_link.nlb.id
}

output "client_certificate_id" {
  value = aws_api_gateway_client_certificate.backend.id
}

output "pem_encoded_certificate" {
  value = aws_api_gateway_client_certificate.backend.pem_encoded_certificate
}
